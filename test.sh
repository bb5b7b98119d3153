#!/usr/bin/env bash
# Runs every test in the solution (the README's test command). The build step also runs the
# nanoFramework surface check over the firmware and shared sources. Prints one totals line:
# "N passed, N failed". Exit code 0 only when everything built and every test passed.
set -uo pipefail
cd "$(dirname "$0")"
results="$(pwd)/TestResults"
rm -rf "$results"

dotnet build MedDeviceAgent.sln -c Release -nologo -v quiet
build_rc=$?
if [ $build_rc -ne 0 ]; then
  echo "build failed (exit $build_rc)"
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test MedDeviceAgent.sln -c Release --no-build -nologo \
  --logger "trx" --results-directory "$results" "$@"
test_rc=$?

passed=0; failed=0
for f in "$results"/*.trx; do
  [ -f "$f" ] || continue
  line=$(grep -o '<Counters [^>]*>' "$f" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$line")
  fl=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$line")
  passed=$((passed + ${p:-0})); failed=$((failed + ${fl:-0}))
done
if [ $test_rc -ne 0 ] && [ $failed -eq 0 ]; then failed=1; fi
if [ $passed -eq 0 ] && [ $failed -eq 0 ]; then failed=1; echo "no test ran"; fi
echo "$passed passed, $failed failed"
[ $test_rc -eq 0 ] && [ $failed -eq 0 ]
