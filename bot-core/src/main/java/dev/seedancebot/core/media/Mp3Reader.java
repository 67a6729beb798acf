package dev.seedancebot.core.media;

import dev.seedancebot.core.media.ProbeResult.Reason;
import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Measures an MP3's duration from its MPEG audio frame headers (see {@link MpegFrame}); the audio itself is never
 * decoded. Leading ID3v2 tags are skipped by their declared size, and trailing ID3v1 and APE tags are left out of the
 * audio. The first Layer III frame may be a Xing, Info or VBRI header counting the frames, which gives the duration
 * at once; otherwise every frame is walked, which is exact for variable bitrates too.
 *
 * <p>Bounds, since an MP3 has no length field to check: a frame is only accepted where the next header follows it
 * (runs of 0xFF and random bytes rarely hold two headers a frame apart), a search for a frame gives up after
 * {@value #MAX_SEARCH_BYTES} bytes, each search after losing sync costs one {@link ProbeBudget#step}, the file is read
 * forward once in windows of {@value #WINDOW_BYTES} bytes, and the deadline is checked before each window is read.
 * Frames themselves are not counted as steps: a five-minute file has over 11,000 of them, each a few array reads.
 *
 * <p>One reader per probe; not thread-safe.
 */
final class Mp3Reader {

    /** How many bytes a search for the first frame, or for the next one after garbage, may scan before giving up. */
    static final int MAX_SEARCH_BYTES = 64 * 1024;

    private static final int WINDOW_BYTES = 64 * 1024;
    private static final int ID3V2_HEADER_BYTES = 10;
    private static final int ID3V1_BYTES = 128;
    private static final int APE_FOOTER_BYTES = 32;

    /**
     * What an info header states. {@code frames} excludes the header's own frame; 0 means the encoder could not go
     * back to fill it in. {@code bytes} is the stream length it was written for, 0 if absent; {@code trimmedSamples}
     * the encoder delay and end padding from a LAME tag, 0 if absent.
     */
    private record InfoHeader(long frames, long bytes, int trimmedSamples) {}

    private final FileChannel channel;
    private final long size;
    private final ProbeBudget budget;
    private byte[] window;
    private long windowStart;

    private Mp3Reader(FileChannel channel, byte[] head, long size, ProbeBudget budget) {
        this.channel = channel;
        this.size = size;
        this.budget = budget;
        this.window = head;
    }

    /** Reads the MP3 in {@code channel}, whose first bytes are {@code head}. */
    static MediaInfo read(FileChannel channel, byte[] head, long size, ProbeBudget budget)
            throws IOException, MediaReadException {
        return new Mp3Reader(channel, head, size, budget).read();
    }

    private MediaInfo read() throws IOException, MediaReadException {
        long start = skipId3v2();
        long end = audioEnd(start);
        long first = search(start, end, null);
        if (first < 0) {
            long searched = Math.min(MAX_SEARCH_BYTES, end - start);
            throw new MediaReadException(Reason.CORRUPT,
                    "no MPEG audio frame in the " + searched + " bytes after byte " + start);
        }
        MpegFrame stream = frameAt(first);
        InfoHeader info = stream.layer() == 3 ? infoHeader(first, end, stream) : null;
        long frames;
        if (info == null) {
            frames = walk(first, end, stream);
        } else if (info.frames() > 0 && info.bytes() <= end - first) {
            long mostFrames = (end - first) / stream.minLength();
            if (info.frames() > mostFrames) {
                throw new MediaReadException(Reason.CORRUPT, "MP3 info header claims " + info.frames()
                        + " frames; its " + (end - first) + " bytes hold at most " + mostFrames);
            }
            frames = info.frames();
        } else {
            // A count of 0 is left by encoders writing to a pipe; a stream longer than the bytes present is an
            // upload cut short. Either way the frames really there are what counts. The header frame is silent.
            frames = walk(first + stream.length(), end, stream);
        }
        if (frames == 0) {
            throw new MediaReadException(Reason.CORRUPT, "no MP3 audio frames");
        }
        long samples = frames * stream.samples();
        if (info != null && info.trimmedSamples() < samples) {
            samples -= info.trimmedSamples();
        }
        return new MediaInfo(MediaFormat.MP3, size, 0, 0, (double) samples / stream.sampleRate(), null);
    }

    /** Skips every ID3v2 tag at the start (some files carry several) and returns where the audio starts. */
    private long skipId3v2() throws IOException, MediaReadException {
        long position = 0;
        while (load(position, ID3V2_HEADER_BYTES) && isAscii(position, "ID3")) {
            budget.step();
            int at = (int) (position - windowStart);
            long body = 0;
            for (int i = 6; i < 10; i++) {
                int b = window[at + i] & 0xFF;
                if (b > 0x7F) {
                    throw new MediaReadException(Reason.CORRUPT, "ID3v2 tag size is not syncsafe");
                }
                body = body << 7 | b;
            }
            boolean footer = (window[at + 5] & 0x10) != 0;
            long next = position + ID3V2_HEADER_BYTES + body + (footer ? ID3V2_HEADER_BYTES : 0);
            if (next > size) {
                throw new MediaReadException(Reason.TRUNCATED,
                        "ID3v2 tag of " + body + " bytes runs past the end of the " + size + "-byte file");
            }
            position = next;
        }
        return position;
    }

    /**
     * Where the audio ends: before an ID3v1 tag, which is the last 128 bytes, and before an APE tag, which ends in a
     * 32-byte footer that gives its size. An APE size larger than the audio is ignored rather than trusted.
     */
    private long audioEnd(long start) throws IOException, MediaReadException {
        long end = size;
        if (end - start >= ID3V1_BYTES && load(end - ID3V1_BYTES, 3) && isAscii(end - ID3V1_BYTES, "TAG")) {
            end -= ID3V1_BYTES;
        }
        long footer = end - APE_FOOTER_BYTES;
        if (footer >= start && load(footer, APE_FOOTER_BYTES) && isAscii(footer, "APETAGEX")) {
            int at = (int) (footer - windowStart);
            boolean hasHeader = (FileBytes.leUInt32(window, at + 20) & 0x8000_0000L) != 0;
            long tagBytes = FileBytes.leUInt32(window, at + 12) + (hasHeader ? APE_FOOTER_BYTES : 0);
            if (tagBytes <= end - start) {
                end -= tagBytes;
            }
        }
        return end;
    }

    /**
     * Finds the first frame at or after {@code from} whose next header follows it a frame later (or which ends exactly
     * at {@code end}), and which belongs to {@code stream} if one is given. Returns -1 after
     * {@value #MAX_SEARCH_BYTES} bytes or at the end.
     */
    private long search(long from, long end, MpegFrame stream) throws IOException, MediaReadException {
        long limit = Math.min(end - 4, from + MAX_SEARCH_BYTES);
        for (long position = from; position <= limit; position++) {
            MpegFrame frame = frameAt(position);
            if (frame == null || stream != null && !stream.sameStream(frame)) {
                continue;
            }
            long next = position + frame.length();
            if (next == end) {
                return position;
            }
            MpegFrame following = next + 4 <= end ? frameAt(next) : null;
            if (following != null && frame.sameStream(following)) {
                return position;
            }
        }
        return -1;
    }

    /**
     * Counts the frames from {@code from} to {@code end}, searching again after garbage between frames. Positions only
     * move forward, so the bytes read are bounded by the file; the searches are bounded by the step budget.
     */
    private long walk(long from, long end, MpegFrame stream) throws IOException, MediaReadException {
        long frames = 0;
        long position = from;
        while (end - position >= 4) {
            MpegFrame frame = frameAt(position);
            if (frame != null && stream.sameStream(frame) && frame.length() <= end - position) {
                frames++;
                position += frame.length();
            } else {
                budget.step();
                position = search(position + 1, end, stream);
                if (position < 0) {
                    break;
                }
            }
        }
        return frames;
    }

    /**
     * The Xing or Info header (LAME and ffmpeg; "Info" for a constant bitrate) after the side information, or the
     * Fraunhofer VBRI header 32 bytes after the frame header; null when the first frame is plain audio. Fields that
     * would lie beyond the frame are not read, and a frame cut off by the end of the audio is not read at all.
     */
    private InfoHeader infoHeader(long first, long end, MpegFrame stream) throws IOException, MediaReadException {
        long frameEnd = first + stream.length();
        if (frameEnd > end) {
            return null;
        }
        long xing = first + stream.xingOffset();
        if (xing + 8 <= frameEnd && load(xing, 8) && (isAscii(xing, "Xing") || isAscii(xing, "Info"))) {
            long flags = uInt32(xing + 4);
            long at = xing + 8;
            long frames = 0;
            long bytes = 0;
            if ((flags & 1) != 0) {
                if (at + 4 > frameEnd) {
                    return null;
                }
                frames = uInt32(at);
                at += 4;
            }
            if ((flags & 2) != 0) {
                bytes = at + 4 <= frameEnd ? uInt32(at) : 0;
                at += 4;
            }
            at += ((flags & 4) != 0 ? 100 : 0) + ((flags & 8) != 0 ? 4 : 0); // table of contents, quality
            return new InfoHeader(frames, bytes, encoderTrim(at, frameEnd));
        }
        long vbri = first + 36;
        if (vbri + 18 <= frameEnd && load(vbri, 18) && isAscii(vbri, "VBRI")) {
            return new InfoHeader(uInt32(vbri + 14), uInt32(vbri + 10), 0);
        }
        return null;
    }

    /**
     * The encoder delay plus end padding, in samples, from the LAME tag after a Xing header: the silence an encoder
     * adds, which players skip. ffmpeg writes the same tag under its own name. 0 without a tag.
     */
    private int encoderTrim(long tag, long frameEnd) throws IOException, MediaReadException {
        if (tag + 24 > frameEnd || !load(tag, 24)
                || !(isAscii(tag, "LAME") || isAscii(tag, "Lavf") || isAscii(tag, "Lavc"))) {
            return 0;
        }
        int at = (int) (tag - windowStart) + 21;
        int delayAndPadding = (window[at] & 0xFF) << 16 | (window[at + 1] & 0xFF) << 8 | (window[at + 2] & 0xFF);
        return (delayAndPadding >>> 12) + (delayAndPadding & 0xFFF);
    }

    private MpegFrame frameAt(long position) throws IOException, MediaReadException {
        if (!load(position, 4)) {
            return null;
        }
        int at = (int) (position - windowStart);
        if (window[at] != (byte) 0xFF) {
            return null;
        }
        return MpegFrame.parse((int) FileBytes.beUInt32(window, at));
    }

    /** The big-endian 32 bits at {@code position}, which the caller has checked lie within the file. */
    private long uInt32(long position) throws IOException, MediaReadException {
        load(position, 4);
        return FileBytes.beUInt32(window, (int) (position - windowStart));
    }

    private boolean isAscii(long position, String expected) throws IOException, MediaReadException {
        if (!load(position, expected.length())) {
            return false;
        }
        int at = (int) (position - windowStart);
        for (int i = 0; i < expected.length(); i++) {
            if (window[at + i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Makes {@code length} bytes at {@code position} available in the window, reading a new window there if needed;
     * false if the file ends first. Each read checks the deadline, which bounds a long walk in time.
     */
    private boolean load(long position, int length) throws IOException, MediaReadException {
        if (position < 0 || position + length > size) {
            return false;
        }
        if (position >= windowStart && position + length <= windowStart + window.length) {
            return true;
        }
        budget.checkDeadline();
        window = FileBytes.readAt(channel, position, (int) Math.min(WINDOW_BYTES, size - position));
        windowStart = position;
        return window.length >= length;
    }
}
