/**
 * Decoding any recording to validated mono float PCM: {@link io.zikos.dsp.decode.AudioDecoder} (JAVE2's bundled
 * ffmpeg for compressed formats, a pure-Java reader for PCM WAV at the requested rate),
 * {@link io.zikos.dsp.decode.SincResampler} for PCM handed in memory, {@link io.zikos.dsp.decode.SilenceTrimmer}, and
 * the {@code pcm} preprocessor ({@link io.zikos.dsp.decode.PcmPreprocessorProvider}).
 *
 * <p>Resampling quality, measured by the tests against analytic sines (error RMS relative to the signal):
 * ffmpeg with {@code aresample=resampler=soxr:precision=28} 44.1 kHz to 16 kHz: -152 dB at 440 Hz and 1 kHz, -75 dB at
 * 6 kHz (75 % of the new Nyquist frequency); the pure-Java Kaiser-windowed sinc 44.1 kHz to 16 kHz: -109 dB at 440 Hz,
 * -118 dB at 1 kHz, -97 dB at 6.5 kHz.
 */
package io.zikos.dsp.decode;
