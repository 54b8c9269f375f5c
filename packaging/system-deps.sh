#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Qt needs at run time (and the tools the tests
# and benchmarks use), but only those missing, and only when we can: as root with apt.
# Usage: packaging/system-deps.sh [runtime|test|bench|package]
set -euo pipefail

level="${1:-runtime}"
runtime=(libpulse0 libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
         libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
         libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0
         libwayland-cursor0 fonts-wqy-microhei)
# postgresql: the tests start a throwaway server (initdb, pg_ctl) on 127.0.0.1.
# openssl: the tests run a real RFC 3161 time-stamping authority (openssl ts -reply).
# poppler-utils, libnss3-tools: pdfsig (with an NSS db made by certutil) reads report.pdf's signature.
# The network-camera tests serve RTSP (GStreamer's server, on Debian's Python) and HTTP
# MJPEG (ffmpeg) on 127.0.0.1 too.
# xdotool, imagemagick: the real-window test types into the app and keeps screenshots.
test_extra=(xvfb xauth chromium postgresql openssl faketime poppler-utils libnss3-tools ffmpeg python3-gi gir1.2-gst-rtsp-server-1.0
            gstreamer1.0-rtsp gstreamer1.0-plugins-base gstreamer1.0-plugins-good
            gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly xdotool imagemagick)
bench_extra=(ffmpeg)
# PyInstaller needs objdump (binutils); desktop-file-validate checks the menu entry.
package_extra=(binutils desktop-file-utils)

want=("${runtime[@]}")
case "$level" in
  runtime) ;;
  test) want+=("${test_extra[@]}") ;;
  bench) want+=("${test_extra[@]}" "${bench_extra[@]}") ;;
  package) want+=("${package_extra[@]}") ;;
  *) echo "usage: $0 [runtime|test|bench|package]" >&2; exit 2 ;;
esac

command -v dpkg-query >/dev/null 2>&1 || { echo "system-deps: not a Debian system; install Qt's runtime libraries yourself" >&2; exit 0; }

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "system-deps: missing packages: ${missing[*]}" >&2
  echo "system-deps: run as root, or: sudo apt-get install ${missing[*]}" >&2
  exit 0
fi
echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists; an old list may name versions no longer served.
apt-get update -qq || true
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
