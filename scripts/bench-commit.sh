#!/bin/sh
# The commit a bench run measured, as bench/results.json records it: `git describe --always`, with
# "-dirty" when tracked files other than bench/results.json itself differ from it.
commit=$(git describe --always 2>/dev/null) || { echo unknown; exit 0; }
if git status --porcelain --untracked-files=no -- . ':(exclude)bench/results.json' 2>/dev/null | grep -q .; then
    commit="$commit-dirty"
fi
echo "$commit"
