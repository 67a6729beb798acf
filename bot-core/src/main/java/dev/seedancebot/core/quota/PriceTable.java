package dev.seedancebot.core.quota;

import dev.seedancebot.core.request.Resolution;
import dev.seedancebot.core.request.VideoOptions;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a video costs in credits: output seconds × the resolution's rate (× {@code audioFactor} when audio is
 * generated), plus {@code videoInputPerSecond} for every second of input video. The total is rounded up to whole
 * credits. Rates may be fractional; they are added exactly (decimal), so 1.1 × 10 s costs 11, not 12.
 *
 * @param perSecond480p credits per output second at 480p
 * @param perSecond720p credits per output second at 720p
 * @param videoInputPerSecond surcharge in credits per second of input video (edit, extend, reference videos)
 * @param audioFactor multiplier on the output part when {@link VideoOptions#generateAudio()} is set; 1.0 = no extra
 */
public record PriceTable(double perSecond480p, double perSecond720p, double videoInputPerSecond, double audioFactor) {

    /** 480p 1 credit/s, 720p 2 credits/s, 1 credit per input-video second, audio at no extra cost. */
    public static final PriceTable DEFAULTS = new PriceTable(1, 2, 1, 1.0);

    public PriceTable {
        requireRate(perSecond480p, "perSecond480p");
        requireRate(perSecond720p, "perSecond720p");
        requireRate(videoInputPerSecond, "videoInputPerSecond");
        requireRate(audioFactor, "audioFactor");
    }

    /**
     * The price of one generation.
     *
     * @param inputVideoSeconds total duration of the input videos (0 when there are none)
     */
    public long cost(VideoOptions options, double inputVideoSeconds) {
        if (!(inputVideoSeconds >= 0) || Double.isInfinite(inputVideoSeconds)) {
            throw new IllegalArgumentException("inputVideoSeconds must be a finite number >= 0, was " + inputVideoSeconds);
        }
        BigDecimal output = decimal(rate(options.resolution())).multiply(BigDecimal.valueOf(options.durationSeconds()));
        if (options.generateAudio()) {
            output = output.multiply(decimal(audioFactor));
        }
        BigDecimal input = decimal(videoInputPerSecond).multiply(decimal(inputVideoSeconds));
        return output.add(input).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    public double rate(Resolution resolution) {
        return switch (resolution) {
            case P480 -> perSecond480p;
            case P720 -> perSecond720p;
        };
    }

    private static BigDecimal decimal(double value) {
        return BigDecimal.valueOf(value);
    }

    private static void requireRate(double value, String name) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, was " + value);
        }
    }
}
