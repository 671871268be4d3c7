#!/usr/bin/env bash
# The bad-input corpus of issue 20: builds the CLI once, runs every case as a process in a scratch directory and
# writes a table (case, command, exit code, first line of stderr, verdict) and a summary line.
# Usage: tests/bad-inputs/run.sh [scratch-dir]   (CONFIGURATION=Debug to use the Debug build; FILTER=regex for some)
# A verdict is clear-error, identical-result, valid-result or BAD (exit 0 with a wrong or NaN number, an abort or
# internal error, a stack trace, a message naming no file or option, or the wrong exit code).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
configuration="${CONFIGURATION:-Release}"
scratch="${1:-$(mktemp -d /tmp/correctnet-bad-inputs.XXXXXX)}"
mkdir -p "$scratch"
dotnet build "$root/src/CorrectNet.Cli" -c "$configuration" -v quiet -nologo >&2
exec /usr/bin/python3 "$here/corpus.py" \
    --cli "$root/src/CorrectNet.Cli/bin/$configuration/net10.0/CorrectNet.Cli.dll" \
    --data "$root/data" --scratch "$scratch" --out "$scratch/table.md"
