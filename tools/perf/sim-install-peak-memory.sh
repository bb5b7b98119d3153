#!/usr/bin/env bash
# On-demand measurement (not part of the test suite): peak resident memory of 'mda sim install'
# for a 1 MiB and a 64 MiB payload. Target: growth under 10% from 1 MiB to 64 MiB, because the
# device core streams the payload in fixed-size blocks.
# Usage: tools/perf/sim-install-peak-memory.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
work="${1:-$(mktemp -d)}"
mkdir -p "$work"
dotnet build companion/MedDeviceAgent.Cli -c Release -nologo -v quiet >/dev/null
mda="dotnet companion/MedDeviceAgent.Cli/bin/Release/net10.0/mda.dll"
export MDA_PASSPHRASE="${MDA_PASSPHRASE:-peak-memory-measurement}"
$mda pki init --dir "$work/pki" >/dev/null
$mda pki export-public --dir "$work/pki" --role root --out "$work/root.pub" >/dev/null
printf "%-8s %14s %14s\n" payload "peak RSS KiB" "install s"
declare -A rss
for mib in 1 64; do
  head -c $((mib * 1024 * 1024)) /dev/urandom > "$work/payload-$mib.bin"
  $mda package create --pki "$work/pki" --payload "$work/payload-$mib.bin" --version 1.1.0 \
    --security-counter 2 --device-class perf-class --out "$work/p-$mib.mdpkg" >/dev/null 2>&1
  rm -rf "$work/dev-$mib"
  $mda sim init --state "$work/dev-$mib" --trust "$work/root.pub" --device-class perf-class --device-id perf >/dev/null
  /usr/bin/time -f "%M %e" -o "$work/time-$mib" $mda sim install --state "$work/dev-$mib" "$work/p-$mib.mdpkg" >/dev/null
  read -r kib secs < "$work/time-$mib"
  rss[$mib]=$kib
  printf "%-8s %14s %14s\n" "${mib} MiB" "$kib" "$secs"
done
python3 -c "a=${rss[1]}; b=${rss[64]}; print('growth 1 MiB -> 64 MiB: %.1f%% (target < 10%%)' % ((b-a)*100.0/a))"
