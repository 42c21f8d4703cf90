#!/bin/sh
# Regenerates the app icons (a red seal with 档). Needs ImageMagick and fonts-noto-cjk.
# Tauri requires RGBA PNGs, hence PNG32:.
set -eu
cd "$(dirname "$0")"
convert -size 512x512 xc:none \
  -fill '#C8102E' -draw "roundrectangle 16,16 495,495 56,56" \
  -fill none -stroke '#FFFFFF' -strokewidth 14 -draw "roundrectangle 52,52 459,459 36,36" \
  -stroke none -fill '#FFFFFF' -font Noto-Sans-CJK-SC-Bold -pointsize 330 -gravity center \
  -annotate +0-14 '档' PNG32:icon.png
convert icon.png -resize 32x32 PNG32:32x32.png
convert icon.png -resize 128x128 PNG32:128x128.png
convert icon.png -resize 256x256 PNG32:128x128@2x.png
