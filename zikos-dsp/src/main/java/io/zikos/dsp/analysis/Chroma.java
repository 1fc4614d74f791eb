package io.zikos.dsp.analysis;

/**
 * Chroma (12 pitch-class energies) from a long-window STFT (half-overlapping frames), split into a bass band (40–130 Hz, where bass roots
 * sound) and a treble band (130–2100 Hz). Long windows (0.37 s at 22.05 kHz) resolve semitones in the bass.
 */
public final class Chroma {
    private final double frameSeconds;
    private final double[][] treble;
    private final double[][] bass;
    private final double[] energy;

    private Chroma(double frameSeconds, double[][] treble, double[][] bass, double[] energy) {
        this.frameSeconds = frameSeconds;
        this.treble = treble;
        this.bass = bass;
        this.energy = energy;
    }

    public double frameSeconds() {
        return frameSeconds;
    }

    public int frames() {
        return treble.length;
    }

    public double[] treble(int t) {
        return treble[t];
    }

    public double[] bass(int t) {
        return bass[t];
    }

    public double energy(int t) {
        return energy[t];
    }

    public static Chroma compute(float[] x, int sr) {
        int n = Integer.highestOneBit(Math.max(1024, (int) (sr * 0.37)));
        int hop = n / 2;
        int frames = Math.max(1, (x.length + hop - 1) / hop);
        RealFft fft = new RealFft(n);
        double[] win = new double[n];
        for (int i = 0; i < n; i++) {
            win[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
        }
        // bin → pitch class map, only bins close to a semitone centre
        int maxBin = Math.min(n / 2, (int) (2100.0 * n / sr));
        int[] pc = new int[maxBin + 1];
        boolean[] isBass = new boolean[maxBin + 1];
        for (int k = 0; k <= maxBin; k++) {
            double f = k * (double) sr / n;
            if (f < 40) {
                pc[k] = -1;
                continue;
            }
            double m = Instrument.hzToMidi(f);
            double r = Math.rint(m);
            pc[k] = Math.abs(m - r) < 0.4 ? Math.floorMod((int) r, 12) : -1;
            isBass[k] = f < 130;
        }
        double[] buf = new double[n];
        double[] re = new double[n / 2 + 1];
        double[] im = new double[n / 2 + 1];
        double[][] tr = new double[frames][12];
        double[][] bs = new double[frames][12];
        double[] en = new double[frames];
        for (int t = 0; t < frames; t++) {
            int start = t * hop - n / 2;
            for (int i = 0; i < n; i++) {
                int idx = start + i;
                buf[i] = idx >= 0 && idx < x.length ? x[idx] * win[i] : 0.0;
            }
            fft.forward(buf, re, im);
            double e = 0;
            for (int k = 1; k <= maxBin; k++) {
                if (pc[k] < 0) {
                    continue;
                }
                double p = re[k] * re[k] + im[k] * im[k];
                // a local spectral peak only: leakage skirts add nothing
                double prev = re[k - 1] * re[k - 1] + im[k - 1] * im[k - 1];
                double next = k < n / 2 ? re[k + 1] * re[k + 1] + im[k + 1] * im[k + 1] : 0;
                if (p < prev || p < next) {
                    continue;
                }
                double mag = Math.sqrt(p);
                e += p;
                if (isBass[k]) {
                    bs[t][pc[k]] += mag;
                } else {
                    tr[t][pc[k]] += mag;
                }
            }
            en[t] = e;
        }
        return new Chroma(hop / (double) sr, tr, bs, en);
    }
}
