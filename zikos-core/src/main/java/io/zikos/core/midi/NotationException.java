package io.zikos.core.midi;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Exercise notation that cannot be turned into music. {@link #problems()} lists every problem found (up to a limit),
 * each with its line, column and token, and a message that says what was expected, so a model can correct its input.
 */
public final class NotationException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * One problem.
     *
     * @param line    1-based line number
     * @param column  1-based column of the token
     * @param token   the offending text (may be empty at the end of a line)
     * @param message what is wrong and what was expected
     */
    public record Problem(int line, int column, String token, String message) {
        @Override
        public String toString() {
            return "line " + line + ", column " + column + (token.isEmpty() ? "" : " ('" + token + "')") + ": "
                    + message;
        }
    }

    private final transient List<Problem> problems;

    NotationException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
