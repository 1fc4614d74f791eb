package io.zikos.dsp.mel;

/**
 * The Slaney-normalised triangular mel filter bank of {@code transformers.audio_utils.mel_filter_bank(
 * num_frequency_bins=201, num_mel_filters=128, min_frequency=0, max_frequency=8000, sampling_rate=16000,
 * norm="slaney", mel_scale="slaney")}, computed in double precision with numpy's arithmetic order, and kept in
 * sparse form (each filter's non-zero bin range) so a frame costs about two multiply-adds per FFT bin.
 */
final class MelFilterBank {

    /** Weights [mel][bin], dense (for tests and inspection). */
    final double[][] weights;
    /** First non-zero bin of each filter. */
    final int[] start;
    /** Non-zero weights of each filter, from {@link #start}. */
    final double[][] taps;

    MelFilterBank(int numBins, int numMels, double minHz, double maxHz, int sampleRate) {
        double melMin = hertzToMel(minHz);
        double melMax = hertzToMel(maxHz);
        double[] melPoints = linspace(melMin, melMax, numMels + 2);
        double[] filterFreqs = new double[melPoints.length];
        for (int i = 0; i < melPoints.length; i++) {
            filterFreqs[i] = melToHertz(melPoints[i]);
        }
        double[] fftFreqs = linspace(0, sampleRate / 2, numBins); // sampling_rate // 2, an integer in numpy
        weights = new double[numMels][numBins];
        start = new int[numMels];
        taps = new double[numMels][];
        for (int m = 0; m < numMels; m++) {
            double downDiff = filterFreqs[m + 1] - filterFreqs[m];
            double upDiff = filterFreqs[m + 2] - filterFreqs[m + 1];
            double enorm = 2.0 / (filterFreqs[m + 2] - filterFreqs[m]);
            int first = -1;
            int last = -1;
            for (int k = 0; k < numBins; k++) {
                // slopes = filter_freqs - fft_freqs; down = -slopes[m] / diff[m]; up = slopes[m+2] / diff[m+1]
                double down = -(filterFreqs[m] - fftFreqs[k]) / downDiff;
                double up = (filterFreqs[m + 2] - fftFreqs[k]) / upDiff;
                double w = Math.max(0.0, Math.min(down, up)) * enorm;
                weights[m][k] = w;
                if (w != 0) {
                    if (first < 0) {
                        first = k;
                    }
                    last = k;
                }
            }
            if (first < 0) {
                first = 0;
                last = -1;
            }
            start[m] = first;
            taps[m] = new double[last - first + 1];
            System.arraycopy(weights[m], first, taps[m], 0, taps[m].length);
        }
    }

    /** Slaney mel scale: linear below 1 kHz, logarithmic above. */
    static double hertzToMel(double hz) {
        double mel = 3.0 * hz / 200.0;
        if (hz >= 1000.0) {
            mel = 15.0 + Math.log(hz / 1000.0) * (27.0 / Math.log(6.4));
        }
        return mel;
    }

    static double melToHertz(double mel) {
        double hz = 200.0 * mel / 3.0;
        if (mel >= 15.0) {
            hz = 1000.0 * Math.exp((Math.log(6.4) / 27.0) * (mel - 15.0));
        }
        return hz;
    }

    /** numpy.linspace: start + i*step, with the last point exactly {@code stop}. */
    static double[] linspace(double start, double stop, int num) {
        double[] out = new double[num];
        double step = (stop - start) / (num - 1);
        for (int i = 0; i < num; i++) {
            out[i] = start + i * step;
        }
        out[num - 1] = stop;
        return out;
    }

    /** Batch form: {@code mel[m][b] = Σ_k w[m][k] · power[k][b]} for the first {@code count} frames. */
    void applyBatch(double[][] power, double[][] mel, int count) {
        for (int m = 0; m < taps.length; m++) {
            double[] acc = mel[m];
            java.util.Arrays.fill(acc, 0, count, 0.0);
            double[] t = taps[m];
            int k0 = start[m];
            for (int j = 0; j < t.length; j++) {
                double w = t[j];
                double[] row = power[k0 + j];
                for (int b = 0; b < count; b++) {
                    acc[b] += w * row[b];
                }
            }
        }
    }

    /** mel[m] = Σ_k w[m][k] · power[k]. */
    void apply(double[] power, double[] mel) {
        for (int m = 0; m < taps.length; m++) {
            double[] t = taps[m];
            int k0 = start[m];
            double acc = 0;
            for (int j = 0; j < t.length; j++) {
                acc += t[j] * power[k0 + j];
            }
            mel[m] = acc;
        }
    }
}
