#!/usr/bin/env bash
# Smoke test of the packaged Linux app (make package-smoke): runs the built app the way a
# warehouse PC would, with no venv, no source tree and an empty environment, and checks it
# records a playable video.
#   packaging/smoke_test.sh [APP_DIR]     (default: dist/inspector)
# Steps: --version, doctor, a 5 s headless `record` from the demo source, the video checked
# with ffprobe (else the venv's PyAV), the same video played through the bundled Qt
# Multimedia backend, the icon/translations/image formats loaded in the bundle, `list`, an
# evidence bundle exported and verified, and the station window kept up for a few seconds offscreen.
# As root with `unshare`, the checkout (and so .venv) is hidden behind an empty mount for
# every run of the app, which proves the bundle is self-contained.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
app_dir="$(cd "${1:-$root/dist/inspector}" 2>/dev/null && pwd)" || {
  echo "smoke: no built app at ${1:-$root/dist/inspector}; run 'make package' first" >&2; exit 1; }
[ -x "$app_dir/inspector" ] || { echo "smoke: $app_dir/inspector is missing; run 'make package' first" >&2; exit 1; }

version="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$root/inspector/__init__.py")"
py="$root/.venv/bin/python"; [ -x "$py" ] || py="$(command -v python3)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/inspector-smoke.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home"

# Run a copy outside the checkout; hard links make the copy instant and take no space.
cp -al "$app_dir" "$tmp/app" 2>/dev/null || cp -a "$app_dir" "$tmp/app"
exe="$tmp/app/inspector"

hide_checkout=0
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null &&
   unshare -m --propagation private sh -c 'mount -t tmpfs -o size=1m none "$0"' "$root" 2>/dev/null; then
  hide_checkout=1
fi

# The app, as on a desk PC: clean environment, only system paths, offscreen Qt, a temp data dir.
app_cmd() {
  APP_CMD=(env -i "HOME=$tmp/home" PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen
           "INSPECTOR_DATA_DIR=$tmp/data" "$exe" "$@")
  if [ "$hide_checkout" = 1 ]; then
    APP_CMD=(unshare -m --propagation private sh -c
             'mount -t tmpfs -o ro,size=1m none "$0" && exec "$@"' "$root" "${APP_CMD[@]}")
  fi
}
app() { app_cmd "$@"; "${APP_CMD[@]}"; }

fail() { echo "smoke: FAILED: $*" >&2; exit 1; }
step_start=$SECONDS
step() { echo "smoke: $* ($((SECONDS - step_start)) s)"; }
json_field() { "$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$@"; }

if [ "$hide_checkout" = 1 ]; then
  echo "smoke: app copied to $tmp/app; the checkout $root is hidden from it"
else
  echo "smoke: app copied to $tmp/app (not root or no unshare: the checkout stays visible)"
fi

out="$(app --version)" || fail "--version exited with $?"
[ "$out" = "inspector $version" ] || fail "--version said '$out', expected 'inspector $version'"
step "--version: $out"

app doctor > "$tmp/doctor.txt" 2>&1 || { cat "$tmp/doctor.txt" >&2; fail "doctor exited non-zero"; }
grep -q "^H.264 encoder: OK" "$tmp/doctor.txt" || { cat "$tmp/doctor.txt" >&2; fail "doctor: no H.264 encoder"; }
grep -q "(schema [0-9]" "$tmp/doctor.txt" || { cat "$tmp/doctor.txt" >&2; fail "doctor: database not migrated"; }
step "doctor: $(grep -o 'schema [^)]*' "$tmp/doctor.txt"), H.264 OK"

app record --order SMOKE1 --source demo --seconds 5 --width 320 --height 240 --fps 15 --json \
  > "$tmp/record.json" 2> "$tmp/record.err" || { cat "$tmp/record.err" >&2; fail "record exited non-zero"; }
[ "$(json_field "$tmp/record.json" status)" = completed ] || { cat "$tmp/record.json" >&2; fail "record did not complete"; }
video="$(json_field "$tmp/record.json" video_path)"
sha="$(json_field "$tmp/record.json" sha256)"
[ -s "$video" ] || fail "record reported $video, which is missing or empty"
[ "$(sha256sum "$video" | cut -d' ' -f1)" = "$sha" ] || fail "the video's SHA-256 differs from the one recorded"
step "record: $(stat -c %s "$video") bytes, hash matches"

# Codec and duration, then a full decode: a truncated or corrupt file fails here.
# Codec, duration and a decode of every frame: a truncated or corrupt file fails here.
frames_recorded="$(json_field "$tmp/record.json" frame_count)"
if command -v ffprobe >/dev/null; then
  probe="$(ffprobe -v error -count_frames -select_streams v:0 \
    -show_entries stream=codec_name,nb_read_frames:format=duration -of default=nw=1 "$video" 2>&1)"
  codec="$(sed -n 's/^codec_name=//p' <<< "$probe")"
  duration="$(sed -n 's/^duration=//p' <<< "$probe")"
  frames="$(sed -n 's/^nb_read_frames=//p' <<< "$probe")"
  [ "$(grep -cv '=' <<< "$probe")" = 0 ] || fail "ffprobe reported decoding errors: $probe"
  checker=ffprobe
else
  read -r codec duration frames < <("$py" -c '
import av, sys
with av.open(sys.argv[1]) as c:
    s = c.streams.video[0]
    n = sum(1 for _ in c.decode(s))
    print(s.codec_context.name, c.duration / av.time_base, n)
' "$video")
  checker=PyAV
fi
[ "$frames" = "$frames_recorded" ] || fail "decoded $frames frames, the recorder wrote $frames_recorded"
[ "$codec" = h264 ] || fail "the video is '$codec', not h264"
"$py" -c 'import sys; d = float(sys.argv[1]); sys.exit(0 if 4.5 <= d <= 5.5 else 1)' "$duration" ||
  fail "the video lasts ${duration} s, expected about 5 s"
step "video ($checker): $codec, ${duration} s, all $frames frames decode"

app --check-playback "$video" > "$tmp/playback.json" 2> "$tmp/playback.err" ||
  { cat "$tmp/playback.json" "$tmp/playback.err" >&2; fail "the bundled Qt Multimedia could not play the video"; }
step "Qt playback in the bundle: $(cat "$tmp/playback.json")"

app --check-bundle > "$tmp/bundle.json" 2> "$tmp/bundle.err" ||
  { cat "$tmp/bundle.json" "$tmp/bundle.err" >&2; fail "the bundle is missing the icon, a translation or an image format"; }
# Every translation the checkout has a source for must load in the bundle.
sources="$(find "$root/resources/translations" -name 'inspector_*.ts' 2>/dev/null | wc -l)"
"$py" -c 'import json,sys; sys.exit(0 if len(json.load(open(sys.argv[1]))["translations"]) >= int(sys.argv[2]) else 1)' \
  "$tmp/bundle.json" "$sources" || fail "the bundle loads fewer translations than the $sources in resources/translations"
step "bundle contents: $(cat "$tmp/bundle.json")"

app list --order SMOKE1 --json > "$tmp/list.json" || fail "list exited non-zero"
"$py" -c 'import json,sys; rows = json.load(open(sys.argv[1])); sys.exit(0 if len(rows) == 1 else 1)' \
  "$tmp/list.json" || fail "list did not show the one SMOKE1 inspection"
step "list: the inspection is in the database"

# The evidence bundle for an appeal: PDF and HTML reports made by Qt inside the bundle, each
# naming the app's one version, and a manifest that verifies.
app export --order SMOKE1 --out "$tmp/evidence" --json > "$tmp/export.json" 2> "$tmp/export.err" ||
  { cat "$tmp/export.err" >&2; fail "export exited non-zero"; }
bundle="$(json_field "$tmp/export.json" path)"
app verify "$bundle" > "$tmp/verify.txt" 2>&1 || { cat "$tmp/verify.txt" >&2; fail "verify rejected the fresh bundle"; }
"$py" -c '
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
stamp = ("inspector " + sys.argv[2]).encode()
missing = [n for n in ("report.pdf", "index.html") if stamp not in z.read(n)]
sys.exit(f"no {stamp.decode()!r} in {missing}" if missing else 0)
' "$bundle" "$version" || fail "the evidence report does not carry the version"
step "evidence: $(basename "$bundle") verifies, its reports say inspector $version"

# The station window: no command opens it; it must still be running when timeout stops it.
rc=0
app_cmd
timeout --kill-after=5 6 "${APP_CMD[@]}" > "$tmp/gui.log" 2>&1 || rc=$?
[ "$rc" = 124 ] || { cat "$tmp/gui.log" >&2; fail "the station window exited with $rc within 6 s"; }
! grep -q "Traceback" "$tmp/gui.log" || { cat "$tmp/gui.log" >&2; fail "the station window logged a Python error"; }
step "station window: still running after 6 s, no errors"

echo "smoke: OK: inspector $version from $app_dir (total $((SECONDS - step_start)) s)"
