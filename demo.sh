#!/usr/bin/env bash
# The main job: the end-to-end demo on the virtual device, with embedded defaults.
# Extra arguments go to 'mda demo' (see: ./demo.sh --help).
set -euo pipefail
cd "$(dirname "$0")"
exec dotnet run --project companion/MedDeviceAgent.Cli -c Release -- demo "$@"
