#!/bin/sh
# Checks for what tierledger builds against and installs it with apt-get where it can;
# otherwise says exactly what to install. Safe to run repeatedly.
set -eu

missing=""
command -v swift >/dev/null 2>&1 || {
    echo "error: the Swift toolchain (6.0 or later) is not on PATH; install it from swift.org, then rerun." >&2
    exit 2
}
command -v pkg-config >/dev/null 2>&1 || missing="$missing pkg-config"
if ! pkg-config --exists openssl 2>/dev/null && [ ! -f /usr/include/openssl/evp.h ]; then
    missing="$missing libssl-dev"
fi
command -v openssl >/dev/null 2>&1 || missing="$missing openssl"

# The peer verifier (bench/peer/verify.py) and some tests use python3 with the cryptography package.
# The tests also check report JSON against docs/report-schema.json with the jsonschema package, and
# read rendered Markdown reports back with a real CommonMark parser, markdown-it-py (module markdown_it),
# and fuzz the server's API from docs/openapi.yaml with schemathesis.
for pair in cryptography:cryptography jsonschema:jsonschema markdown_it:markdown-it-py schemathesis:schemathesis; do
    module=${pair%%:*}
    package=${pair#*:}
    if command -v python3 >/dev/null 2>&1 && ! python3 -c "import $module" 2>/dev/null; then
        echo "installing the python3 $package package (used by bench/peer/verify.py and the tests)"
        python3 -m pip install --quiet "$package" 2>/dev/null \
            || echo "warning: could not install it; run: python3 -m pip install $package (or apt-get install python3-${package%-py})" >&2
    fi
done
command -v python3 >/dev/null 2>&1 || missing="$missing python3"

# shellcheck disable=SC2086
exec sh "$(dirname "$0")/install-packages.sh" "tierledger" $missing
