package io.argus.media;

/**
 * Where a thumbnail is cut from a frame and how large it is drawn, so that a person can tell what it
 * shows: the object's box with a quarter of its size around it, widened to at least {@link #MIN} pixels
 * on each side where the frame allows (a small, far object keeps its surroundings instead of being
 * blown up) and to no thinner than 1:2, centred on the box and kept inside the frame; drawn with its
 * long side at most {@link #MAX} and its short side at least {@link #MIN} pixels.
 *
 * @param x,y,w,h the region of the frame, in pixels
 * @param outW,outH the thumbnail's size
 */
public record ThumbnailCrop(int x, int y, int w, int h, int outW, int outH) {
    public static final int MIN = 160;
    public static final int MAX = 320;

    /** @param bx,by,bw,bh the object's box in the frame, in pixels */
    public static ThumbnailCrop of(int frameW, int frameH, int bx, int by, int bw, int bh) {
        int cw = bw + 2 * Math.max(4, bw / 4), ch = bh + 2 * Math.max(4, bh / 4);
        cw = Math.max(Math.max(cw, MIN), (ch + 1) / 2);
        ch = Math.max(Math.max(ch, MIN), (cw + 1) / 2);
        cw = Math.min(cw, frameW);
        ch = Math.min(ch, frameH);
        int cx = Math.max(0, Math.min(frameW - cw, bx + bw / 2 - cw / 2));
        int cy = Math.max(0, Math.min(frameH - ch, by + bh / 2 - ch / 2));
        double scale = Math.min(1.0, (double) MAX / Math.max(cw, ch));
        if (Math.min(cw, ch) * scale < MIN) scale = (double) MIN / Math.min(cw, ch);
        return new ThumbnailCrop(cx, cy, cw, ch, (int) Math.round(cw * scale), (int) Math.round(ch * scale));
    }
}
