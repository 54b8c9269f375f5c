#!/usr/bin/env bash
# Installs the packaged Return Inspection Station from this folder, with a menu entry.
#   ./install.sh              for yourself: ~/.local/opt/inspector, menu in ~/.local/share
#   sudo ./install.sh         for everyone: /opt/inspector, menu in /usr/local/share
#   ./install.sh --prefix DIR install the app folder to DIR instead
#   ./install.sh --uninstall  remove the app and its menu entry (recordings and the database stay);
#                             the installed copy keeps this script: <install folder>/install.sh --uninstall
# Recordings and the database live in the user's data folder (~/.local/share/inspector),
# never in the install folder, so reinstalling or upgrading never touches them.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
app_id="@APP_ID@"
version="@VERSION@"

if [ "$(id -u)" -eq 0 ]; then
  dest=/opt/inspector share=/usr/local/share bin=/usr/local/bin
else
  dest="$HOME/.local/opt/inspector" share="${XDG_DATA_HOME:-$HOME/.local/share}" bin="$HOME/.local/bin"
fi
action=install
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) dest="$2"; shift 2 ;;
    --uninstall) action=uninstall; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

# Only ever replace or delete a folder that holds this app, whatever --prefix says.
is_our_app() { [ -x "$1/inspector" ] && [ -d "$1/_internal" ]; }
refuse_foreign() {
  if [ -e "$dest" ] && ! is_our_app "$dest"; then
    echo "install.sh: $dest exists and is not an installed inspector app; not touching it" >&2
    exit 1
  fi
}

remove_menu_entry() {
  rm -f "$share/applications/$app_id.desktop" "$share/metainfo/$app_id.metainfo.xml"
  rm -f "$share"/icons/hicolor/*/apps/"$app_id".png "$share/icons/hicolor/scalable/apps/$app_id.svg"
  if [ -L "$bin/inspector" ] && [ "$(readlink "$bin/inspector")" = "$dest/inspector" ]; then
    rm -f "$bin/inspector"
  fi
}

if [ "$action" = uninstall ]; then
  refuse_foreign
  remove_menu_entry
  rm -rf "$dest"
  echo "Removed the app from $dest. Recordings and the database were left where they are."
  exit 0
fi

[ -x "$here/inspector" ] || { echo "install.sh: run me from the unpacked app folder (no ./inspector here)" >&2; exit 1; }
case "$dest" in "$here"|"$here"/*) echo "install.sh: --prefix must be outside this folder" >&2; exit 1 ;; esac

refuse_foreign

# Copy next to the destination first, then swap, so a failed copy never leaves half an app.
mkdir -p "$(dirname "$dest")"
staging="$dest.new.$$"
rm -rf "$staging"
trap 'rm -rf "$staging"' EXIT
# install.sh and share/ come along, so the installed copy can remove itself later.
cp -a "$here" "$staging"
rm -rf "$dest.old"
[ -e "$dest" ] && mv "$dest" "$dest.old"
mv "$staging" "$dest"
rm -rf "$dest.old"
trap - EXIT

mkdir -p "$share/applications" "$share/metainfo" "$bin"
# The menu entry points at the installed executable by absolute path: ~/.local/bin is not on
# every desktop session's PATH.
sed -e "s|^Exec=.*|Exec=\"$dest/inspector\"|" -e "s|^TryExec=.*|TryExec=$dest/inspector|" \
  "$here/share/applications/$app_id.desktop" > "$share/applications/$app_id.desktop"
cp "$here/share/metainfo/$app_id.metainfo.xml" "$share/metainfo/"
(cd "$here/share" && find icons -type f) | while read -r icon; do
  mkdir -p "$share/$(dirname "$icon")"
  cp "$here/share/$icon" "$share/$icon"
done
ln -sfn "$dest/inspector" "$bin/inspector"
# No icon-cache or desktop-database refresh: desktops watch these folders, and a cache file
# left in ~/.local/share/icons would hide the icons of apps installed later without one.

echo "Installed Return Inspection Station $version to $dest"
echo "  menu entry: $share/applications/$app_id.desktop"
echo "  command:    $bin/inspector (try: inspector doctor)"
echo "  uninstall:  $dest/install.sh --uninstall"
# Cameras are /dev/video* devices owned by the 'video' group on most distributions.
if [ "$(id -u)" -ne 0 ] && ls /dev/video* >/dev/null 2>&1 && ! id -nG | grep -qw video; then
  echo "Note: you are not in the 'video' group, so the camera may not open."
  echo "      Ask an administrator: sudo usermod -aG video $USER (then log in again)."
fi
