package io.zikos.core.prompt.jinja;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A compiled Jinja template, covering the part of Jinja2 that Hugging Face chat templates use, with Python
 * semantics where Java's would differ (string methods such as {@code strip}/{@code split}/{@code startswith},
 * negative indices and slices such as {@code messages[::-1]}, {@code namespace(...)}, {@code loop.*},
 * {@code tojson} with Python's separators, {@code raise_exception}, macros, {@code break}/{@code continue}).
 * Environment settings are those of {@code transformers}' chat template renderer: {@code trim_blocks} and
 * {@code lstrip_blocks} on.
 *
 * <p>Values passed in: {@code null}, Boolean, numbers, Strings, Lists, Maps with String keys, and Jackson
 * {@code JsonNode}s (converted on entry). Immutable and thread-safe once compiled.
 *
 * <p>Why not an existing engine: Jinjava 2.8.2 (the Java Jinja on Maven Central) failed on the real Qwen3
 * template — {@code namespace(a=..)} keyword arguments, {@code [::-1]} slices, Python string methods such as
 * {@code lstrip('\n')} — and its {@code tojson} writes compact JSON, so tool schemas would not match the model's
 * training text.
 */
public final class JinjaTemplate {

    private final List<Nodes.Node> body;

    private JinjaTemplate(List<Nodes.Node> body) {
        this.body = body;
    }

    /**
     * Parses a template.
     *
     * @throws JinjaException on a syntax error or an unsupported construct
     */
    public static JinjaTemplate compile(String source) {
        Objects.requireNonNull(source, "source");
        List<Lexer.Segment> segments = Lexer.segments(source);
        Parser parser = new Parser(segments);
        List<Nodes.Node> nodes = parser.parseAll();
        return new JinjaTemplate(nodes);
    }

    /**
     * Renders with the given variables (plus the globals {@code raise_exception}, {@code namespace},
     * {@code range}, {@code dict}, {@code strftime_now}).
     *
     * @throws JinjaException when rendering fails or the template raises
     */
    public String render(Map<String, ?> variables) {
        Runtime.Scope root = new Runtime.Scope(null);
        Runtime.installGlobals(root);
        for (Map.Entry<String, ?> e : variables.entrySet()) {
            root.set(e.getKey(), Runtime.fromJava(e.getValue()));
        }
        StringBuilder out = new StringBuilder();
        Nodes.renderAll(body, root, out);
        return out.toString();
    }

    /** Splits template source into text, {@code {{ }}} and {@code {% %}} segments, applying whitespace control. */
    static final class Lexer {
        enum Kind { TEXT, VAR, BLOCK }

        record Segment(Kind kind, String content, int line) {
        }

        private Lexer() {
        }

        static List<Segment> segments(String src) {
            List<Segment> out = new ArrayList<>();
            int pos = 0;
            int n = src.length();
            boolean stripNextAll = false;
            boolean stripNextNewline = false;
            while (pos < n) {
                int open = findOpen(src, pos);
                String raw = src.substring(pos, open < 0 ? n : open);
                int start = 0;
                int end = raw.length();
                if (stripNextAll) {
                    while (start < end && Character.isWhitespace(raw.charAt(start))) {
                        start++;
                    }
                } else if (stripNextNewline) {
                    if (raw.startsWith("\r\n")) {
                        start = 2;
                    } else if (raw.startsWith("\n")) {
                        start = 1;
                    }
                }
                if (open < 0) {
                    addText(out, raw.substring(start, Math.max(start, end)), line(src, pos));
                    break;
                }
                char type = src.charAt(open + 1);
                Kind kind = type == '{' ? Kind.VAR : Kind.BLOCK;
                boolean comment = type == '#';
                int contentStart = open + 2;
                char mod = contentStart < n ? src.charAt(contentStart) : ' ';
                boolean leftMinus = mod == '-';
                boolean leftPlus = mod == '+';
                if (leftMinus || leftPlus) {
                    contentStart++;
                }
                String close = type == '{' ? "}}" : type == '%' ? "%}" : "#}";
                int closeAt = comment ? src.indexOf(close, contentStart) : findClose(src, contentStart, close);
                if (closeAt < 0) {
                    throw new JinjaException("Unclosed tag at line " + line(src, open));
                }
                boolean rightMinus = closeAt > contentStart && src.charAt(closeAt - 1) == '-';
                String content = src.substring(contentStart, rightMinus ? closeAt - 1 : closeAt).trim();
                // Whitespace control on the text before the tag.
                if (leftMinus) {
                    while (end > start && Character.isWhitespace(raw.charAt(end - 1))) {
                        end--;
                    }
                } else if (kind == Kind.BLOCK && !leftPlus) {
                    // lstrip_blocks: drop spaces/tabs between the line start and a block or comment tag.
                    int i = end;
                    while (i > 0 && (raw.charAt(i - 1) == ' ' || raw.charAt(i - 1) == '\t')) {
                        i--;
                    }
                    // Jinja strips only when the blanks start a line of the source (or the template).
                    boolean atLineStart = i > 0 ? raw.charAt(i - 1) == '\n' : pos == 0;
                    if (atLineStart) {
                        end = Math.max(i, start);
                    }
                }
                addText(out, raw.substring(start, Math.max(start, end)), line(src, pos));
                if (!comment) {
                    out.add(new Segment(kind, content, line(src, open)));
                }
                stripNextAll = rightMinus;
                stripNextNewline = !rightMinus && kind == Kind.BLOCK; // trim_blocks (also after comments)
                pos = closeAt + 2;
            }
            return out;
        }

        private static void addText(List<Segment> out, String text, int line) {
            if (!text.isEmpty()) {
                out.add(new Segment(Kind.TEXT, text, line));
            }
        }

        private static int findOpen(String src, int from) {
            int i = from;
            while (true) {
                i = src.indexOf('{', i);
                if (i < 0 || i + 1 >= src.length()) {
                    return -1;
                }
                char c = src.charAt(i + 1);
                if (c == '{' || c == '%' || c == '#') {
                    return i;
                }
                i++;
            }
        }

        /** Finds the closing delimiter, skipping string literals inside the tag. */
        private static int findClose(String src, int from, String close) {
            char quote = 0;
            for (int i = from; i < src.length() - 1; i++) {
                char c = src.charAt(i);
                if (quote != 0) {
                    if (c == '\\') {
                        i++;
                    } else if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == close.charAt(0) && src.charAt(i + 1) == close.charAt(1)) {
                    return i;
                }
            }
            return -1;
        }

        private static int line(String src, int pos) {
            int line = 1;
            for (int i = 0; i < pos && i < src.length(); i++) {
                if (src.charAt(i) == '\n') {
                    line++;
                }
            }
            return line;
        }
    }

    /** Builds the node tree from segments. */
    static final class Parser {
        private final List<Lexer.Segment> segments;
        private int index;

        Parser(List<Lexer.Segment> segments) {
            this.segments = segments;
        }

        List<Nodes.Node> parseAll() {
            Block block = parseUntil(Set.of());
            if (block.endTag != null) {
                throw new JinjaException("Unexpected {% " + block.endTag.keyword + " %}");
            }
            return block.nodes;
        }

        record EndTag(String keyword, Expressions.Tokens tokens, int line) {
        }

        record Block(List<Nodes.Node> nodes, EndTag endTag) {
        }

        private Block parseUntil(Set<String> stops) {
            List<Nodes.Node> nodes = new ArrayList<>();
            while (index < segments.size()) {
                Lexer.Segment s = segments.get(index++);
                switch (s.kind()) {
                    case TEXT -> nodes.add(new Nodes.Text(s.content()));
                    case VAR -> {
                        Expressions.Tokens t = Expressions.Tokens.of(s.content(), s.line());
                        Expressions.Expr e = Expressions.parseExpression(t);
                        t.expectEnd();
                        nodes.add(new Nodes.Output(e));
                    }
                    case BLOCK -> {
                        Expressions.Tokens t = Expressions.Tokens.of(s.content(), s.line());
                        String kw = t.nextName("a tag name");
                        if (stops.contains(kw)) {
                            return new Block(nodes, new EndTag(kw, t, s.line()));
                        }
                        nodes.add(statement(kw, t, s.line()));
                    }
                    default -> throw new IllegalStateException();
                }
            }
            if (!stops.isEmpty()) {
                throw new JinjaException("Missing {% " + String.join(" / ", stops) + " %} at the end of the template");
            }
            return new Block(nodes, null);
        }

        private Nodes.Node statement(String kw, Expressions.Tokens t, int line) {
            switch (kw) {
                case "if" -> {
                    List<Expressions.Expr> conds = new ArrayList<>();
                    List<List<Nodes.Node>> bodies = new ArrayList<>();
                    conds.add(Expressions.parseExpression(t));
                    t.expectEnd();
                    List<Nodes.Node> elseBody = List.of();
                    while (true) {
                        Block b = parseUntil(Set.of("elif", "else", "endif"));
                        bodies.add(b.nodes);
                        String end = b.endTag.keyword;
                        if (end.equals("elif")) {
                            conds.add(Expressions.parseExpression(b.endTag.tokens));
                            b.endTag.tokens.expectEnd();
                        } else if (end.equals("else")) {
                            Block e = parseUntil(Set.of("endif"));
                            elseBody = e.nodes;
                            break;
                        } else {
                            break;
                        }
                    }
                    return new Nodes.If(conds, bodies, elseBody);
                }
                case "for" -> {
                    List<String> targets = new ArrayList<>();
                    targets.add(t.nextName("a loop variable"));
                    while (t.acceptOp(",")) {
                        targets.add(t.nextName("a loop variable"));
                    }
                    if (!t.acceptName("in")) {
                        throw t.error("expected 'in'");
                    }
                    Expressions.Expr iter = Expressions.parseNoCondExpression(t);
                    Expressions.Expr filter = null;
                    if (t.acceptName("if")) {
                        filter = Expressions.parseNoCondExpression(t);
                    }
                    t.acceptName("recursive");
                    t.expectEnd();
                    Block b = parseUntil(Set.of("else", "endfor"));
                    List<Nodes.Node> elseBody = List.of();
                    if (b.endTag.keyword.equals("else")) {
                        elseBody = parseUntil(Set.of("endfor")).nodes;
                    }
                    return new Nodes.For(targets, iter, filter, b.nodes, elseBody);
                }
                case "set" -> {
                    List<String> names = new ArrayList<>();
                    String name = t.nextName("a variable name");
                    String attr = null;
                    if (t.acceptOp(".")) {
                        attr = t.nextName("an attribute name");
                    }
                    names.add(name);
                    while (attr == null && t.acceptOp(",")) {
                        names.add(t.nextName("a variable name"));
                    }
                    if (!t.acceptOp("=")) {
                        if (t.atEnd() && names.size() == 1 && attr == null) {
                            Block b = parseUntil(Set.of("endset"));
                            return new Nodes.SetBlock(name, b.nodes);
                        }
                        throw t.error("expected '='");
                    }
                    Expressions.Expr value = Expressions.parseTupleOrExpression(t);
                    t.expectEnd();
                    return new Nodes.Set(names, attr, value);
                }
                case "macro" -> {
                    String name = t.nextName("a macro name");
                    t.expectOp("(");
                    List<String> params = new ArrayList<>();
                    Map<String, Expressions.Expr> defaults = new LinkedHashMap<>();
                    if (!t.acceptOp(")")) {
                        do {
                            String p = t.nextName("a parameter name");
                            params.add(p);
                            if (t.acceptOp("=")) {
                                defaults.put(p, Expressions.parseExpression(t));
                            }
                        } while (t.acceptOp(","));
                        t.expectOp(")");
                    }
                    t.expectEnd();
                    Block b = parseUntil(Set.of("endmacro"));
                    return new Nodes.Macro(name, params, defaults, b.nodes);
                }
                case "break" -> {
                    t.expectEnd();
                    return new Nodes.Break();
                }
                case "continue" -> {
                    t.expectEnd();
                    return new Nodes.Continue();
                }
                case "generation" -> {
                    // transformers' assistant-mask extension: renders its body unchanged.
                    Block b = parseUntil(Set.of("endgeneration"));
                    return new Nodes.Group(b.nodes);
                }
                case "do" -> {
                    Expressions.Expr e = Expressions.parseExpression(t);
                    t.expectEnd();
                    return new Nodes.Do(e);
                }
                default -> throw new JinjaException("Unsupported template tag {% " + kw + " %} at line " + line
                        + ": use a model directory without a chat_template, or a built-in prompt format");
            }
        }
    }

    /** Names of the statements the engine knows (for documentation and tests). */
    static Set<String> supportedTags() {
        return new HashSet<>(List.of("if", "elif", "else", "endif", "for", "endfor", "set", "endset", "macro",
                "endmacro", "break", "continue", "generation", "endgeneration", "do"));
    }
}
