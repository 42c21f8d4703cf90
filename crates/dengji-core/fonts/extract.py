#!/usr/bin/python3
"""Makes fonts/NotoSerifCJKsc-Regular.otf from Debian's fonts-noto-cjk (run once, offline).

Face 2 (Simplified Chinese) of NotoSerifCJK-Regular.ttc, with every glyph its own cmap
reaches (44,746 code points: all of GB 18030's ideographs, CJK Ext. A and the Ext. B
characters in use), and no OpenType layout features: the certificate sets horizontal
text through the cmap, so the other regions' glyph variants and GSUB/GPOS are dead
weight (26 MB collection -> 16 MB face). Needs python3-fonttools; takes ~4 minutes.

    /usr/bin/python3 crates/dengji-core/fonts/extract.py /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc
"""
import sys
from fontTools import subset
from fontTools.ttLib import TTCollection

SC_FACE = 2
source = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
font = TTCollection(source).fonts[SC_FACE]
assert font["name"].getDebugName(4) == "Noto Serif CJK SC", font["name"].getDebugName(4)
options = subset.Options()
options.layout_features = []
options.name_IDs = ["*"]
options.name_languages = ["*"]
options.notdef_outline = True
options.glyph_names = False
options.hinting = True
subsetter = subset.Subsetter(options)
subsetter.populate(unicodes=font.getBestCmap().keys())
subsetter.subset(font)
font.save(sys.argv[2] if len(sys.argv) > 2 else "NotoSerifCJKsc-Regular.otf")
