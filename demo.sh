#!/usr/bin/env bash
# The main job: the end-to-end demo on the virtual device, with embedded defaults.
# Extra arguments go to 'mda demo' (see: ./demo.sh --help).
set -euo pipefail
cd "$(dirname "$0")"

# The build reads reference material from ../shared, beside this clone (README, "Before you start").
if [ ! -d ../shared/nanoframework-api ]; then
  echo "demo.sh: ../shared is missing: the reference material (nanoFramework API lists, test vectors) must sit beside this clone, at $(cd .. && pwd)/shared; see README.md, 'Before you start'" >&2
  exit 1
fi

# Build first when mda was never built or a source changed since, and say so: a cold build takes
# about a minute and 'dotnet run' would otherwise be silent meanwhile.
dll=companion/MedDeviceAgent.Cli/bin/Release/net10.0/mda.dll
if [ ! -f "$dll" ] || [ -n "$(find companion firmware shared tools Directory.*.props Directory.*.targets nf.proj.props \
      \( -path '*/bin' -o -path '*/obj' \) -prune -o -newer "$dll" -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' \) -print 2>/dev/null | head -n 1)" ]; then
  echo "Building mda (first run or sources changed; about a minute on a cold start)..." >&2
  dotnet build companion/MedDeviceAgent.Cli -c Release -nologo -v quiet >&2
  touch "$dll"
  echo "Built. Starting the demo." >&2
fi
exec dotnet "$dll" demo "$@"
