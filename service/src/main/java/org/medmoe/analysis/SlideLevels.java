package org.medmoe.analysis;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.medmoe.dicom.DecodeLimits;

/**
 * Picks the level of a whole-slide image pyramid to analyse, so that a slide of many gigabytes is
 * never fetched whole: labels and overviews never (a label shows what is written on the slide);
 * among the others, the smallest level held in one frame whose shorter side is at least the model's
 * input side ({@code side}), within the decoder's limits; else the smallest tiled level that is
 * large enough and whose tiles fit the limits (the pipeline's frame policy then picks the tile);
 * else, for a slide smaller than the model's input, its largest level within the limits. Empty
 * when no level fits the limits. Stateless and thread-safe.
 */
public final class SlideLevels {

    private final int side;
    private final DecodeLimits limits;

    /**
     * @param side the side of the model's square input, in pixels
     * @param limits the decoder's limits, which the chosen level (or its tiles) must fit
     */
    public SlideLevels(int side, DecodeLimits limits) {
        this.side = side;
        this.limits = limits;
    }

    /** The level to analyse among {@code levels}, as above. */
    public Optional<SlideLevel> choose(Collection<SlideLevel> levels) {
        List<SlideLevel> usable = levels.stream().filter(l -> !l.isLabelOrOverview()).toList();
        Comparator<SlideLevel> bySize = Comparator.comparingLong(SlideLevel::bytes)
                .thenComparing(SlideLevel::sopInstanceUid);
        Optional<SlideLevel> whole = usable.stream().filter(SlideLevel::singleFrame).filter(this::largeEnough)
                .filter(this::fitsWhole).min(bySize);
        if (whole.isPresent()) {
            return whole;
        }
        Optional<SlideLevel> tiled = usable.stream().filter(this::largeEnough).filter(this::tilesFit).min(bySize);
        if (tiled.isPresent()) {
            return tiled;
        }
        return usable.stream().filter(l -> !largeEnough(l)).filter(this::fitsWhole).max(bySize);
    }

    private boolean largeEnough(SlideLevel l) {
        return Math.min(l.columns(), l.rows()) >= side;
    }

    private boolean fitsWhole(SlideLevel l) {
        return l.bytes() <= limits.maxFileBytes() && l.columns() * l.rows() <= limits.maxPixelsPerFrame()
                && l.columns() * l.rows() * l.samplesPerPixel() <= limits.maxTotalSamples();
    }

    private boolean tilesFit(SlideLevel l) {
        long tilePixels = (long) l.tileColumns() * l.tileRows();
        return tilePixels > 0 && tilePixels <= limits.maxPixelsPerFrame()
                && tilePixels * l.samplesPerPixel() * l.frames() <= limits.maxTotalSamples()
                && l.bytes() <= limits.maxFileBytes();
    }
}
