package org.medmoe.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.medmoe.dicom.DecodeLimits;
import org.medmoe.pipeline.Pipeline;

/**
 * Applies a selection policy to a study's series: skips series that hold no images (SR, KO, PR,
 * SEG, ... and so our own SR), takes the first {@code maxSeries} image series in SeriesNumber order,
 * from each up to {@code maxImagesPerSeries} instances spread evenly over the series (the middle
 * one when only one), and stops at {@code maxImagesPerStudy}. A series without a Modality attribute
 * (null) is an image series under the {@code default} policy. From a whole-slide image series whose
 * source described its levels, one instance: the pyramid level {@link SlideLevels} picks (none when
 * no level fits the decoder's limits). Stateless and thread-safe.
 */
public final class ImageSelector {
    /** Modalities whose instances carry no pixel data for the model. */
    public static final Set<String> NON_IMAGE_MODALITIES = Set.of("SR", "KO", "PR", "SEG", "RTSTRUCT", "RTPLAN",
            "RTDOSE", "RTRECORD", "DOC", "ECG", "REG", "FID", "PLAN", "AU", "HD", "RWV", "ASMT", "TEXTUREMAP");

    private final Pipeline pipeline;
    private final SlideLevels slides;

    /** A selector that picks slide levels for a 336-pixel model input within the default decode limits. */
    public ImageSelector(Pipeline pipeline) {
        this(pipeline, new SlideLevels(336, DecodeLimits.defaults()));
    }

    public ImageSelector(Pipeline pipeline, SlideLevels slides) {
        this.pipeline = pipeline;
        this.slides = slides;
    }

    public List<ImageRef> select(List<SeriesCandidate> series) {
        List<SeriesCandidate> images = series.stream()
                .filter(s -> !isNonImage(s.modality()) && !s.instances().isEmpty())
                .sorted(Comparator.comparingInt(SeriesCandidate::seriesNumber)
                        .thenComparing(SeriesCandidate::seriesInstanceUid))
                .toList();
        List<ImageRef> out = new ArrayList<>();
        int seriesTaken = 0;
        for (SeriesCandidate s : images) {
            Pipeline.Selection policy = pipeline.selectionFor(s.modality());
            if (seriesTaken >= policy.maxSeries()) {
                continue;
            }
            seriesTaken++;
            if (!s.levels().isEmpty()) {
                slideLevel(s).filter(l -> out.size() < policy.maxImagesPerStudy()).ifPresent(out::add);
                continue;
            }
            for (int index : spread(s.instances().size(), policy.maxImagesPerSeries())) {
                if (out.size() >= policy.maxImagesPerStudy()) {
                    return out;
                }
                out.add(s.instances().get(index));
            }
        }
        return out;
    }

    private java.util.Optional<ImageRef> slideLevel(SeriesCandidate s) {
        return slides.choose(s.levels().values()).flatMap(level -> s.instances().stream()
                .filter(i -> level.sopInstanceUid().equals(i.sopInstanceUid())).findFirst());
    }

    /** True for a modality that carries no pixel data; a missing one (null) is not known to be such. */
    static boolean isNonImage(String modality) {
        return modality != null && NON_IMAGE_MODALITIES.contains(modality);
    }

    /** Up to {@code k} indices of {@code n} spread evenly; the middle one when {@code k} is 1. */
    static int[] spread(int n, int k) {
        int m = Math.min(n, k);
        int[] out = new int[m];
        if (m == 1) {
            out[0] = n / 2;
            return out;
        }
        for (int i = 0; i < m; i++) {
            out[i] = (int) Math.round(i * (n - 1) / (double) (m - 1));
        }
        return out;
    }
}
