package dev.seedancebot.core.media;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * A container format recognised from a file's first bytes (its magic number), never from its name: chat users rename
 * files, and phones save HEIC photos as ".jpg".
 */
public enum MediaFormat {
    PNG("PNG", "image/png", Kind.IMAGE),
    JPEG("JPEG", "image/jpeg", Kind.IMAGE),
    WEBP("WebP", "image/webp", Kind.IMAGE),
    GIF("GIF", "image/gif", Kind.IMAGE),
    BMP("BMP", "image/bmp", Kind.IMAGE),
    TIFF("TIFF", "image/tiff", Kind.IMAGE),
    HEIF("HEIC/HEIF", "image/heif", Kind.IMAGE),
    MP4("MP4", "video/mp4", Kind.VIDEO),
    MOV("MOV", "video/quicktime", Kind.VIDEO),
    WAV("WAV", "audio/wav", Kind.AUDIO),
    MP3("MP3", "audio/mpeg", Kind.AUDIO),
    UNKNOWN("unknown", "application/octet-stream", Kind.UNKNOWN);

    /**
     * What a format holds. Kept separate from the request model's media kind so that this package does not depend
     * on {@code core.request}, which depends on it.
     */
    public enum Kind {
        IMAGE,
        VIDEO,
        AUDIO,
        UNKNOWN
    }

    private static final Set<String> HEIF_BRANDS =
            Set.of("heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs", "mif1", "msf1", "avif", "avis");

    /** Top-level atoms an old QuickTime file may start with instead of {@code ftyp}. */
    private static final Set<String> QUICKTIME_FIRST_ATOMS = Set.of("moov", "mdat", "wide", "free", "skip", "pnot");

    private static final Set<Integer> BMP_INFO_HEADER_SIZES = Set.of(12, 40, 52, 56, 64, 108, 124);

    private final String displayName;
    private final String mimeType;
    private final Kind kind;

    MediaFormat(String displayName, String mimeType, Kind kind) {
        this.displayName = displayName;
        this.mimeType = mimeType;
        this.kind = kind;
    }

    /** The MIME type, as data URIs and uploads need it. */
    public String mimeType() {
        return mimeType;
    }

    /** The name users know the format by, e.g. "WebP" or "MP4". */
    public String displayName() {
        return displayName;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * Detects the format from the first {@code length} bytes of {@code head}; {@link #UNKNOWN} when nothing matches
     * or too few bytes are given.
     */
    public static MediaFormat detect(byte[] head, int length) {
        int n = Math.min(length, head.length);
        if (startsWith(head, n, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return PNG;
        }
        if (startsWith(head, n, 0, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (ascii(head, n, 0, "GIF87a") || ascii(head, n, 0, "GIF89a")) {
            return GIF;
        }
        if (ascii(head, n, 0, "RIFF") && ascii(head, n, 8, "WEBP")) {
            return WEBP;
        }
        if (ascii(head, n, 0, "RIFF") && ascii(head, n, 8, "WAVE")) {
            return WAV;
        }
        if (startsWith(head, n, 0, 'I', 'I', 0x2A, 0x00) || startsWith(head, n, 0, 'M', 'M', 0x00, 0x2A)) {
            return TIFF;
        }
        if (ascii(head, n, 4, "ftyp") && n >= 12) {
            String brand = new String(head, 8, 4, StandardCharsets.ISO_8859_1);
            if (brand.equals("qt  ")) {
                return MOV;
            }
            return HEIF_BRANDS.contains(brand) ? HEIF : MP4;
        }
        if (n >= 8 && QUICKTIME_FIRST_ATOMS.contains(new String(head, 4, 4, StandardCharsets.ISO_8859_1))) {
            return MOV;
        }
        if (ascii(head, n, 0, "ID3") || isMp3FrameSync(head, n)) {
            return MP3;
        }
        // "BM" alone is too weak a signature; a known DIB header size right after the file header confirms it.
        if (ascii(head, n, 0, "BM") && n >= 18 && BMP_INFO_HEADER_SIZES.contains((int) FileBytes.leUInt32(head, 14))) {
            return BMP;
        }
        return UNKNOWN;
    }

    /** An MPEG audio layer III frame header: 11 sync bits, a valid version, layer III, a valid bitrate index. */
    private static boolean isMp3FrameSync(byte[] head, int n) {
        if (n < 3 || (head[0] & 0xFF) != 0xFF || (head[1] & 0xE0) != 0xE0) {
            return false;
        }
        int version = (head[1] >> 3) & 0x3;
        int layer = (head[1] >> 1) & 0x3;
        int bitrateIndex = (head[2] >> 4) & 0xF;
        return version != 1 && layer == 1 && bitrateIndex != 0xF;
    }

    private static boolean startsWith(byte[] head, int n, int offset, int... expected) {
        if (n < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((head[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] head, int n, int offset, String text) {
        return startsWith(head, n, offset, text.chars().toArray());
    }
}
