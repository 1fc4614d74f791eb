/**
 * MIDI exercises: a text notation a chat model can write ({@link io.zikos.core.midi.ExerciseNotation}), the
 * {@link io.zikos.core.midi.Score} model, Standard MIDI Files ({@link io.zikos.core.midi.MidiFiles}), rendering to
 * WAV with the JDK's Gervill synthesizer ({@link io.zikos.core.midi.MidiRenderer}), MusicXML export
 * ({@link io.zikos.core.midi.MusicXmlWriter}) and the {@code create_midi_exercise} tool
 * ({@link io.zikos.core.midi.CreateMidiExerciseTool}).
 */
package io.zikos.core.midi;
