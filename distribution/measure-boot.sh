#!/bin/bash
# What ferry-predictor-lstm (and the ferry-ml library bundle under it) adds to the distribution's start: boots a
# copy of the built assembly (distribution/target/assembly) cold, as is ("with") or with ferry-predictor-lstm
# taken out of featuresBoot ("without"), and prints the seconds until its Predictor services are registered (both
# lstm services, or the six baseline ones) and the Karaf JVM's resident memory 20 s later. Run the two one after the
# other (both use Karaf's ports) on a machine as quiet as you can get:
#
#   distribution/measure-boot.sh without && distribution/measure-boot.sh with
#
# The readiness poll goes through bin/client, once a second or so (a client JVM's start): the times are to about 1 s.
set -eu
variant=${1:?usage: measure-boot.sh with|without}
here=$(cd "$(dirname "$0")" && pwd)
src=$here/target/assembly
[ -x "$src/bin/karaf" ] || { echo "build the distribution first: $src" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
d=$work/$variant
cp -r "$src" "$d"
case "$variant" in
  with) ;;
  without) sed -i '/ferry-predictor-lstm\//d' "$d/etc/org.apache.karaf.features.cfg" ;;
  *) echo "usage: measure-boot.sh with|without" >&2; exit 2 ;;
esac
client() { printf '%s\n' "$1" | timeout 20 "$d/bin/client" -u karaf -p karaf -b 2>/dev/null || true; }
t0=$(date +%s%N)
"$d/bin/karaf" server >"$d/console.out" 2>&1 &
ready=0 n=0 lstm=0
for _ in $(seq 1 300); do
  sleep 0.5
  out=$(client "service:list io.ferry.api.Predictor")
  n=$(printf '%s\n' "$out" | grep -c "predictor.name = " || true)
  lstm=$(printf '%s\n' "$out" | grep -c "predictor.name = lstm" || true)
  if { [ "$variant" = with ] && [ "$lstm" -ge 2 ]; } || { [ "$variant" = without ] && [ "$n" -ge 6 ]; }; then
    ready=1
    break
  fi
done
t1=$(date +%s%N)
jpid=$(pgrep -f "karaf.base=$d" | head -1)
sleep 20
rss=$(ps -o rss= -p "$jpid")
"$d/bin/stop" >/dev/null 2>&1 || true
while kill -0 "$jpid" 2>/dev/null; do sleep 0.5; done
[ "$ready" = 1 ] || { echo "$variant: Predictor services not registered after 150 s (see $d/data/log)" >&2; exit 1; }
printf '%s: %d Predictor services (%d lstm) after %.1f s; resident memory 20 s later %d MiB\n' \
  "$variant" "$n" "$lstm" "$(echo "($t1 - $t0) / 1000000000" | bc -l)" "$((rss / 1024))"
