package io.zikos.core.prompt.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Jinja expressions: tokenizer, parser (Jinja2's precedence) and evaluation. */
final class Expressions {

    private Expressions() {
    }

    enum T { NAME, STRING, INT, FLOAT, OP, END }

    record Tok(T type, String text) {
    }

    /** The tokens of one tag. */
    static final class Tokens {
        private static final String[] OPS = {"//", "**", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "|",
            ".", ":", ",", "(", ")", "[", "]", "{", "}", "=", "<", ">"};

        private final List<Tok> toks;
        private final int line;
        private int pos;

        private Tokens(List<Tok> toks, int line) {
            this.toks = toks;
            this.line = line;
        }

        static Tokens of(String s, int line) {
            List<Tok> out = new ArrayList<>();
            int i = 0;
            int n = s.length();
            while (i < n) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (Character.isLetter(c) || c == '_') {
                    int j = i + 1;
                    while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                        j++;
                    }
                    out.add(new Tok(T.NAME, s.substring(i, j)));
                    i = j;
                } else if (Character.isDigit(c)) {
                    int j = i;
                    boolean isFloat = false;
                    while (j < n && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                        j++;
                    }
                    if (j + 1 < n && s.charAt(j) == '.' && Character.isDigit(s.charAt(j + 1))) {
                        isFloat = true;
                        j++;
                        while (j < n && Character.isDigit(s.charAt(j))) {
                            j++;
                        }
                    }
                    if (j < n && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
                        int k = j + 1;
                        if (k < n && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
                            k++;
                        }
                        if (k < n && Character.isDigit(s.charAt(k))) {
                            isFloat = true;
                            j = k;
                            while (j < n && Character.isDigit(s.charAt(j))) {
                                j++;
                            }
                        }
                    }
                    out.add(new Tok(isFloat ? T.FLOAT : T.INT, s.substring(i, j).replace("_", "")));
                    i = j;
                } else if (c == '\'' || c == '"') {
                    StringBuilder sb = new StringBuilder();
                    int j = i + 1;
                    while (j < n && s.charAt(j) != c) {
                        char d = s.charAt(j);
                        if (d == '\\' && j + 1 < n) {
                            char e = s.charAt(++j);
                            switch (e) {
                                case 'n' -> sb.append('\n');
                                case 't' -> sb.append('\t');
                                case 'r' -> sb.append('\r');
                                case '0' -> sb.append('\0');
                                case 'b' -> sb.append('\b');
                                case 'f' -> sb.append('\f');
                                case '\\' -> sb.append('\\');
                                case '\'' -> sb.append('\'');
                                case '"' -> sb.append('"');
                                case 'u' -> {
                                    sb.append((char) Integer.parseInt(s.substring(j + 1, j + 5), 16));
                                    j += 4;
                                }
                                case 'x' -> {
                                    sb.append((char) Integer.parseInt(s.substring(j + 1, j + 3), 16));
                                    j += 2;
                                }
                                case '\n' -> {
                                    // line continuation
                                }
                                default -> sb.append('\\').append(e);
                            }
                        } else {
                            sb.append(d);
                        }
                        j++;
                    }
                    if (j >= n) {
                        throw new JinjaException("Unterminated string at line " + line);
                    }
                    out.add(new Tok(T.STRING, sb.toString()));
                    i = j + 1;
                } else {
                    String op = null;
                    for (String o : OPS) {
                        if (s.startsWith(o, i)) {
                            op = o;
                            break;
                        }
                    }
                    if (op == null) {
                        throw new JinjaException("Unexpected character '" + c + "' at line " + line);
                    }
                    out.add(new Tok(T.OP, op));
                    i += op.length();
                }
            }
            out.add(new Tok(T.END, ""));
            return new Tokens(out, line);
        }

        Tok peek() {
            return toks.get(pos);
        }

        Tok peek(int ahead) {
            return toks.get(Math.min(pos + ahead, toks.size() - 1));
        }

        Tok next() {
            Tok t = toks.get(pos);
            if (t.type != T.END) {
                pos++;
            }
            return t;
        }

        boolean atEnd() {
            return peek().type == T.END;
        }

        boolean isOp(String op) {
            return peek().type == T.OP && peek().text.equals(op);
        }

        boolean isName(String name) {
            return peek().type == T.NAME && peek().text.equals(name);
        }

        boolean acceptOp(String op) {
            if (isOp(op)) {
                pos++;
                return true;
            }
            return false;
        }

        boolean acceptName(String name) {
            if (isName(name)) {
                pos++;
                return true;
            }
            return false;
        }

        void expectOp(String op) {
            if (!acceptOp(op)) {
                throw error("expected '" + op + "'");
            }
        }

        String nextName(String what) {
            Tok t = next();
            if (t.type != T.NAME) {
                throw error("expected " + what);
            }
            return t.text;
        }

        void expectEnd() {
            if (!atEnd()) {
                throw error("unexpected '" + peek().text + "'");
            }
        }

        JinjaException error(String msg) {
            return new JinjaException("Template syntax error at line " + line + ": " + msg + " (near '"
                    + peek().text + "')");
        }
    }

    /** An expression node. */
    interface Expr {
        Object eval(Runtime.Scope scope);
    }

    // ---- parser (precedence as in jinja2/parser.py) ----

    /** A full expression including {@code a if b else c}. */
    static Expr parseExpression(Tokens t) {
        Expr e = parseOr(t);
        if (t.acceptName("if")) {
            Expr cond = parseOr(t);
            Expr otherwise = t.acceptName("else") ? parseExpression(t) : null;
            Expr value = e;
            return s -> Runtime.truthy(cond.eval(s)) ? value.eval(s)
                    : otherwise == null ? Runtime.UNDEFINED : otherwise.eval(s);
        }
        return e;
    }

    /** An expression without a trailing conditional (for-loop iterables and filters). */
    static Expr parseNoCondExpression(Tokens t) {
        return parseOr(t);
    }

    /** {@code a, b} as a list, or a single expression. */
    static Expr parseTupleOrExpression(Tokens t) {
        Expr first = parseExpression(t);
        if (!t.isOp(",")) {
            return first;
        }
        List<Expr> items = new ArrayList<>();
        items.add(first);
        while (t.acceptOp(",")) {
            if (t.atEnd()) {
                break;
            }
            items.add(parseExpression(t));
        }
        return s -> evalAll(items, s);
    }

    private static List<Object> evalAll(List<Expr> items, Runtime.Scope s) {
        List<Object> out = new ArrayList<>(items.size());
        for (Expr e : items) {
            out.add(e.eval(s));
        }
        return out;
    }

    private static Expr parseOr(Tokens t) {
        Expr left = parseAnd(t);
        while (t.acceptName("or")) {
            Expr l = left;
            Expr r = parseAnd(t);
            left = s -> {
                Object v = l.eval(s);
                return Runtime.truthy(v) ? v : r.eval(s);
            };
        }
        return left;
    }

    private static Expr parseAnd(Tokens t) {
        Expr left = parseNot(t);
        while (t.acceptName("and")) {
            Expr l = left;
            Expr r = parseNot(t);
            left = s -> {
                Object v = l.eval(s);
                return !Runtime.truthy(v) ? v : r.eval(s);
            };
        }
        return left;
    }

    private static Expr parseNot(Tokens t) {
        if (t.acceptName("not")) {
            Expr e = parseNot(t);
            return s -> !Runtime.truthy(e.eval(s));
        }
        return parseCompare(t);
    }

    private static final Set<String> COMPARE = Set.of("==", "!=", "<", ">", "<=", ">=");

    private static Expr parseCompare(Tokens t) {
        Expr left = parseMath1(t);
        while (true) {
            String op;
            if (t.peek().type() == T.OP && COMPARE.contains(t.peek().text())) {
                op = t.next().text();
            } else if (t.isName("in")) {
                t.next();
                op = "in";
            } else if (t.isName("not") && t.peek(1).type() == T.NAME && t.peek(1).text().equals("in")) {
                t.next();
                t.next();
                op = "not in";
            } else {
                return left;
            }
            Expr l = left;
            Expr r = parseMath1(t);
            String o = op;
            left = s -> Runtime.compare(o, l.eval(s), r.eval(s));
        }
    }

    private static Expr parseMath1(Tokens t) {
        Expr left = parseConcat(t);
        while (t.isOp("+") || t.isOp("-")) {
            String op = t.next().text();
            Expr l = left;
            Expr r = parseConcat(t);
            left = s -> Runtime.arith(op, l.eval(s), r.eval(s));
        }
        return left;
    }

    private static Expr parseConcat(Tokens t) {
        Expr left = parseMath2(t);
        while (t.acceptOp("~")) {
            Expr l = left;
            Expr r = parseMath2(t);
            left = s -> Runtime.str(l.eval(s)) + Runtime.str(r.eval(s));
        }
        return left;
    }

    private static Expr parseMath2(Tokens t) {
        Expr left = parsePow(t);
        while (t.isOp("*") || t.isOp("/") || t.isOp("//") || t.isOp("%")) {
            String op = t.next().text();
            Expr l = left;
            Expr r = parsePow(t);
            left = s -> Runtime.arith(op, l.eval(s), r.eval(s));
        }
        return left;
    }

    private static Expr parsePow(Tokens t) {
        Expr left = parseUnary(t);
        while (t.acceptOp("**")) {
            Expr l = left;
            Expr r = parseUnary(t);
            left = s -> Runtime.arith("**", l.eval(s), r.eval(s));
        }
        return left;
    }

    private static Expr parseUnary(Tokens t) {
        if (t.acceptOp("-")) {
            Expr e = parseUnary(t);
            return s -> Runtime.arith("-", 0L, e.eval(s));
        }
        if (t.acceptOp("+")) {
            return parseUnary(t);
        }
        Expr e = parsePostfix(t, parsePrimary(t));
        return parseFilterAndTest(t, e);
    }

    private static Expr parsePrimary(Tokens t) {
        Tok tok = t.next();
        switch (tok.type()) {
            case STRING -> {
                StringBuilder sb = new StringBuilder(tok.text());
                while (t.peek().type() == T.STRING) {
                    sb.append(t.next().text()); // adjacent literals concatenate
                }
                String v = sb.toString();
                return s -> v;
            }
            case INT -> {
                Long v = Long.parseLong(tok.text());
                return s -> v;
            }
            case FLOAT -> {
                Double v = Double.parseDouble(tok.text());
                return s -> v;
            }
            case NAME -> {
                String name = tok.text();
                switch (name) {
                    case "true", "True" -> {
                        return s -> Boolean.TRUE;
                    }
                    case "false", "False" -> {
                        return s -> Boolean.FALSE;
                    }
                    case "none", "None" -> {
                        return s -> null;
                    }
                    default -> {
                        return s -> s.get(name);
                    }
                }
            }
            case OP -> {
                switch (tok.text()) {
                    case "(" -> {
                        if (t.acceptOp(")")) {
                            return s -> new ArrayList<>();
                        }
                        Expr first = parseExpression(t);
                        if (t.acceptOp(")")) {
                            return first;
                        }
                        List<Expr> items = new ArrayList<>();
                        items.add(first);
                        while (t.acceptOp(",")) {
                            if (t.isOp(")")) {
                                break;
                            }
                            items.add(parseExpression(t));
                        }
                        t.expectOp(")");
                        return s -> evalAll(items, s);
                    }
                    case "[" -> {
                        List<Expr> items = new ArrayList<>();
                        while (!t.isOp("]")) {
                            items.add(parseExpression(t));
                            if (!t.acceptOp(",")) {
                                break;
                            }
                        }
                        t.expectOp("]");
                        return s -> evalAll(items, s);
                    }
                    case "{" -> {
                        List<Expr[]> pairs = new ArrayList<>();
                        while (!t.isOp("}")) {
                            Expr k = parseExpression(t);
                            t.expectOp(":");
                            Expr v = parseExpression(t);
                            pairs.add(new Expr[] {k, v});
                            if (!t.acceptOp(",")) {
                                break;
                            }
                        }
                        t.expectOp("}");
                        return s -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            for (Expr[] p : pairs) {
                                m.put(Runtime.str(p[0].eval(s)), p[1].eval(s));
                            }
                            return m;
                        };
                    }
                    default -> throw t.error("unexpected '" + tok.text() + "'");
                }
            }
            default -> throw t.error("unexpected end of expression");
        }
    }

    private static Expr parsePostfix(Tokens t, Expr base) {
        Expr e = base;
        while (true) {
            if (t.acceptOp(".")) {
                Tok name = t.next();
                if (name.type() != T.NAME && name.type() != T.INT) {
                    throw t.error("expected an attribute name");
                }
                Expr obj = e;
                String attr = name.text();
                e = s -> Runtime.getAttr(obj.eval(s), attr);
            } else if (t.acceptOp("[")) {
                Expr obj = e;
                Expr start = null;
                if (!t.isOp(":")) {
                    start = parseExpression(t);
                }
                if (t.acceptOp(":")) {
                    Expr stop = null;
                    Expr step = null;
                    if (!t.isOp("]") && !t.isOp(":")) {
                        stop = parseExpression(t);
                    }
                    if (t.acceptOp(":") && !t.isOp("]")) {
                        step = parseExpression(t);
                    }
                    t.expectOp("]");
                    Expr a = start;
                    Expr b = stop;
                    Expr c = step;
                    e = s -> Runtime.slice(obj.eval(s), a == null ? null : a.eval(s), b == null ? null : b.eval(s),
                            c == null ? null : c.eval(s));
                } else {
                    t.expectOp("]");
                    Expr key = start;
                    e = s -> Runtime.getItem(obj.eval(s), key.eval(s));
                }
            } else if (t.isOp("(")) {
                t.next();
                Call call = parseCallArgs(t);
                Expr fn = e;
                e = s -> Runtime.call(fn.eval(s), evalAll(call.args, s), evalKw(call.kwargs, s));
            } else {
                return e;
            }
        }
    }

    record Call(List<Expr> args, Map<String, Expr> kwargs) {
    }

    /** Arguments after an opening parenthesis, through the closing one. */
    private static Call parseCallArgs(Tokens t) {
        List<Expr> args = new ArrayList<>();
        Map<String, Expr> kwargs = new LinkedHashMap<>();
        while (!t.isOp(")")) {
            if (t.peek().type() == T.NAME && t.peek(1).type() == T.OP && t.peek(1).text().equals("=")) {
                String k = t.next().text();
                t.next();
                kwargs.put(k, parseExpression(t));
            } else {
                args.add(parseExpression(t));
            }
            if (!t.acceptOp(",")) {
                break;
            }
        }
        t.expectOp(")");
        return new Call(args, kwargs);
    }

    private static Map<String, Object> evalKw(Map<String, Expr> kwargs, Runtime.Scope s) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Expr> e : kwargs.entrySet()) {
            out.put(e.getKey(), e.getValue().eval(s));
        }
        return out;
    }

    private static Expr parseFilterAndTest(Tokens t, Expr base) {
        Expr e = base;
        while (true) {
            if (t.acceptOp("|")) {
                String name = t.nextName("a filter name");
                Call call = t.isOp("(") ? (t.next() == null ? null : parseCallArgs(t)) : new Call(List.of(), Map.of());
                Expr obj = e;
                e = s -> Filters.apply(name, obj.eval(s), evalAll(call.args, s), evalKw(call.kwargs, s));
                e = parsePostfix(t, e);
            } else if (t.isName("is")) {
                t.next();
                boolean negate = t.acceptName("not");
                String name = t.nextName("a test name");
                List<Expr> args = new ArrayList<>();
                if (t.isOp("(")) {
                    t.next();
                    args.addAll(parseCallArgs(t).args);
                } else if (startsPrimary(t.peek()) && !isKeyword(t.peek())) {
                    args.add(parsePostfix(t, parsePrimary(t)));
                }
                Expr obj = e;
                e = s -> negate != Filters.test(name, obj.eval(s), evalAll(args, s));
            } else {
                return e;
            }
        }
    }

    private static boolean startsPrimary(Tok tok) {
        return switch (tok.type()) {
            case STRING, INT, FLOAT, NAME -> true;
            case OP -> tok.text().equals("[") || tok.text().equals("{");
            default -> false;
        };
    }

    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "in", "is", "if", "else", "for",
            "recursive");

    private static boolean isKeyword(Tok tok) {
        return tok.type() == T.NAME && KEYWORDS.contains(tok.text());
    }
}
