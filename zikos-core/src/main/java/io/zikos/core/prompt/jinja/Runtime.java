package io.zikos.core.prompt.jinja;

import com.fasterxml.jackson.databind.JsonNode;
import io.zikos.core.prompt.PyJson;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Values and Python-like operations on them. */
final class Runtime {

    private Runtime() {
    }

    /** Jinja's Undefined: renders as empty, is falsy, iterates as empty. */
    static final Object UNDEFINED = new Object() {
        @Override
        public String toString() {
            return "";
        }
    };

    /** A callable value (globals, macros, bound methods). */
    @FunctionalInterface
    interface Callable {
        Object call(List<Object> args, Map<String, Object> kwargs);
    }

    /** {@code namespace(...)}: the one object templates may assign attributes on. */
    static final class Namespace extends LinkedHashMap<String, Object> {
        private static final long serialVersionUID = 1L;
    }

    /** Variable scope; for-loop iterations and macro calls get child scopes. */
    static final class Scope {
        private final Scope parent;
        private final Map<String, Object> vars = new HashMap<>();

        Scope(Scope parent) {
            this.parent = parent;
        }

        Object get(String name) {
            for (Scope s = this; s != null; s = s.parent) {
                if (s.vars.containsKey(name)) {
                    return s.vars.get(name);
                }
            }
            return UNDEFINED;
        }

        void set(String name, Object value) {
            vars.put(name, value);
        }
    }

    /** The {@code loop} variable. */
    static final class Loop {
        final List<Object> items;
        final int index0;

        Loop(List<Object> items, int index0) {
            this.items = items;
            this.index0 = index0;
        }

        Object attr(String name) {
            int n = items.size();
            return switch (name) {
                case "index" -> (long) index0 + 1;
                case "index0" -> (long) index0;
                case "revindex" -> (long) (n - index0);
                case "revindex0" -> (long) (n - index0 - 1);
                case "first" -> index0 == 0;
                case "last" -> index0 == n - 1;
                case "length" -> (long) n;
                case "depth" -> 1L;
                case "depth0" -> 0L;
                case "previtem" -> index0 > 0 ? items.get(index0 - 1) : UNDEFINED;
                case "nextitem" -> index0 < n - 1 ? items.get(index0 + 1) : UNDEFINED;
                case "cycle" -> (Callable) (args, kw) -> args.isEmpty() ? UNDEFINED : args.get(index0 % args.size());
                default -> UNDEFINED;
            };
        }
    }

    static void installGlobals(Scope root) {
        root.set("raise_exception", (Callable) (args, kw) -> {
            throw new JinjaException(args.isEmpty() ? "template raised an exception" : str(args.get(0)), true);
        });
        root.set("namespace", (Callable) (args, kw) -> {
            Namespace ns = new Namespace();
            for (Object a : args) {
                if (a instanceof Map<?, ?> m) {
                    m.forEach((k, v) -> ns.put(str(k), v));
                }
            }
            ns.putAll(kw);
            return ns;
        });
        root.set("dict", (Callable) (args, kw) -> new LinkedHashMap<>(kw));
        root.set("range", (Callable) (args, kw) -> {
            long start = 0;
            long stop;
            long step = 1;
            if (args.size() == 1) {
                stop = toLong(args.get(0));
            } else {
                start = toLong(args.get(0));
                stop = toLong(args.get(1));
                if (args.size() > 2) {
                    step = toLong(args.get(2));
                }
            }
            if (step == 0) {
                throw new JinjaException("range() step must not be zero");
            }
            List<Object> out = new ArrayList<>();
            for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
                out.add(i);
            }
            return out;
        });
        root.set("strftime_now", (Callable) (args, kw) -> strftime(str(args.get(0)), LocalDateTime.now()));
    }

    /** Converts incoming Java values (Jackson trees, ints, arrays) to the engine's value types. */
    static Object fromJava(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double
                || v instanceof Callable) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof CharSequence cs) {
            return cs.toString();
        }
        if (v instanceof JsonNode n) {
            return fromJson(n);
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), fromJava(val)));
            return out;
        }
        if (v instanceof Iterable<?> it) {
            List<Object> out = new ArrayList<>();
            it.forEach(x -> out.add(fromJava(x)));
            return out;
        }
        if (v instanceof Object[] arr) {
            List<Object> out = new ArrayList<>();
            for (Object x : arr) {
                out.add(fromJava(x));
            }
            return out;
        }
        return v.toString();
    }

    private static Object fromJson(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            return n.longValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isArray()) {
            List<Object> out = new ArrayList<>();
            n.forEach(x -> out.add(fromJson(x)));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), fromJson(e.getValue()));
        }
        return out;
    }

    static boolean truthy(Object v) {
        if (v == null || v == UNDEFINED) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Long l) {
            return l != 0;
        }
        if (v instanceof Double d) {
            return d != 0;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof List<?> l) {
            return !l.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    /** Python's {@code str()}. */
    static String str(Object v) {
        if (v == UNDEFINED) {
            return "";
        }
        if (v instanceof String s) {
            return s;
        }
        return repr(v);
    }

    /** Python's {@code repr()}. */
    static String repr(Object v) {
        if (v == null) {
            return "None";
        }
        if (v == UNDEFINED) {
            return "";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof Double d) {
            return PyJson.floatRepr(d).replace("Infinity", "inf").replace("NaN", "nan");
        }
        if (v instanceof Long l) {
            return l.toString();
        }
        if (v instanceof String s) {
            String q = s.contains("'") && !s.contains("\"") ? "\"" : "'";
            StringBuilder sb = new StringBuilder(q);
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (String.valueOf(c).equals(q)) {
                            sb.append('\\');
                        }
                        sb.append(c);
                    }
                }
            }
            return sb.append(q).toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                sb.append(repr(l.get(i)));
            }
            return sb.append(']').toString();
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                sb.append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
            }
            return sb.append('}').toString();
        }
        return v.toString();
    }

    static long toLong(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d) {
            return d.longValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof String s) {
            return Long.parseLong(s.trim());
        }
        throw new JinjaException("Expected an integer, got " + repr(v));
    }

    private static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof Double || v instanceof Boolean;
    }

    private static double toDouble(Object v) {
        return v instanceof Double d ? d : toLong(v);
    }

    static boolean pyEquals(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Double || b instanceof Double) {
                return toDouble(a) == toDouble(b);
            }
            return toLong(a) == toLong(b);
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!pyEquals(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    static Object compare(String op, Object a, Object b) {
        switch (op) {
            case "==" -> {
                return pyEquals(a, b);
            }
            case "!=" -> {
                return !pyEquals(a, b);
            }
            case "in" -> {
                return contains(b, a);
            }
            case "not in" -> {
                return !contains(b, a);
            }
            default -> {
                int c;
                if (isNumber(a) && isNumber(b)) {
                    c = Double.compare(toDouble(a), toDouble(b));
                } else if (a instanceof String sa && b instanceof String sb) {
                    c = sa.compareTo(sb);
                } else {
                    throw new JinjaException("Cannot compare " + repr(a) + " " + op + " " + repr(b));
                }
                return switch (op) {
                    case "<" -> c < 0;
                    case ">" -> c > 0;
                    case "<=" -> c <= 0;
                    default -> c >= 0;
                };
            }
        }
    }

    static boolean contains(Object container, Object item) {
        if (container instanceof String s) {
            if (!(item instanceof String)) {
                throw new JinjaException("'in <string>' requires a string on the left, got " + repr(item));
            }
            return s.contains((String) item);
        }
        if (container instanceof List<?> l) {
            for (Object o : l) {
                if (pyEquals(o, item)) {
                    return true;
                }
            }
            return false;
        }
        if (container instanceof Map<?, ?> m) {
            return m.containsKey(item instanceof String ? item : str(item));
        }
        return false;
    }

    static Object arith(String op, Object a, Object b) {
        if (op.equals("+")) {
            if (a instanceof String sa && b instanceof String sb) {
                return sa + sb;
            }
            if (a instanceof List<?> la && b instanceof List<?> lb) {
                List<Object> out = new ArrayList<>(la);
                out.addAll(lb);
                return out;
            }
        }
        if (op.equals("*")) {
            if (a instanceof String s && b instanceof Long n) {
                return s.repeat((int) Math.max(0, n));
            }
            if (a instanceof Long n && b instanceof String s) {
                return s.repeat((int) Math.max(0, n));
            }
        }
        if (!isNumber(a) || !isNumber(b)) {
            throw new JinjaException("Unsupported operand types for " + op + ": " + repr(a) + " and " + repr(b));
        }
        boolean ints = !(a instanceof Double) && !(b instanceof Double);
        switch (op) {
            case "+" -> {
                return ints ? (Object) (toLong(a) + toLong(b)) : (Object) (toDouble(a) + toDouble(b));
            }
            case "-" -> {
                return ints ? (Object) (toLong(a) - toLong(b)) : (Object) (toDouble(a) - toDouble(b));
            }
            case "*" -> {
                return ints ? (Object) (toLong(a) * toLong(b)) : (Object) (toDouble(a) * toDouble(b));
            }
            case "/" -> {
                return toDouble(a) / toDouble(b);
            }
            case "//" -> {
                if (ints) {
                    return Math.floorDiv(toLong(a), toLong(b));
                }
                return Math.floor(toDouble(a) / toDouble(b));
            }
            case "%" -> {
                if (ints) {
                    return Math.floorMod(toLong(a), toLong(b));
                }
                double x = toDouble(a);
                double y = toDouble(b);
                return x - y * Math.floor(x / y);
            }
            case "**" -> {
                double r = Math.pow(toDouble(a), toDouble(b));
                return ints && toLong(b) >= 0 ? (Object) (long) r : (Object) r;
            }
            default -> throw new JinjaException("Unknown operator " + op);
        }
    }

    /** Lists, strings (as characters), mappings (as keys); undefined and none iterate as empty. */
    static List<Object> iterate(Object v) {
        if (v == null || v == UNDEFINED) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        if (v instanceof Map<?, ?> m) {
            return new ArrayList<>(m.keySet());
        }
        if (v instanceof String s) {
            List<Object> out = new ArrayList<>();
            s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }
        throw new JinjaException(repr(v) + " is not iterable");
    }

    static Object getAttr(Object obj, String name) {
        if (obj instanceof Loop loop) {
            return loop.attr(name);
        }
        if (obj instanceof Map<?, ?> m) {
            if (m.containsKey(name)) {
                return m.get(name);
            }
            Callable method = Methods.bind(obj, name);
            return method != null ? method : UNDEFINED;
        }
        if (obj == null || obj == UNDEFINED) {
            return UNDEFINED;
        }
        Callable method = Methods.bind(obj, name);
        return method != null ? method : UNDEFINED;
    }

    static Object getItem(Object obj, Object key) {
        if (obj instanceof Map<?, ?> m) {
            Object k = key instanceof String ? key : str(key);
            return m.containsKey(k) ? m.get(k) : UNDEFINED;
        }
        if (obj instanceof Loop loop && key instanceof String s) {
            return loop.attr(s);
        }
        if ((obj instanceof List<?> || obj instanceof String) && (key instanceof Long || key instanceof Boolean)) {
            List<?> l = obj instanceof String ? iterate(obj) : (List<?>) obj;
            long i = toLong(key);
            if (i < 0) {
                i += l.size();
            }
            return i >= 0 && i < l.size() ? l.get((int) i) : UNDEFINED;
        }
        if (key instanceof String s) {
            return getAttr(obj, s);
        }
        return UNDEFINED;
    }

    /** Python slicing with negative indices and steps. */
    static Object slice(Object obj, Object startV, Object stopV, Object stepV) {
        List<?> l;
        boolean isString = obj instanceof String;
        if (isString) {
            l = iterate(obj);
        } else if (obj instanceof List<?> list) {
            l = list;
        } else {
            throw new JinjaException("Cannot slice " + repr(obj));
        }
        int n = l.size();
        long step = stepV == null ? 1 : toLong(stepV);
        if (step == 0) {
            throw new JinjaException("slice step cannot be zero");
        }
        long start;
        long stop;
        if (step > 0) {
            start = startV == null ? 0 : clamp(toLong(startV), n, 0, n);
            stop = stopV == null ? n : clamp(toLong(stopV), n, 0, n);
        } else {
            start = startV == null ? n - 1 : clamp(toLong(startV), n, -1, n - 1);
            stop = stopV == null ? -1 : clamp(toLong(stopV), n, -1, n - 1);
        }
        List<Object> out = new ArrayList<>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
            out.add(l.get((int) i));
        }
        if (isString) {
            StringBuilder sb = new StringBuilder();
            out.forEach(sb::append);
            return sb.toString();
        }
        return out;
    }

    private static long clamp(long i, int n, long lo, long hi) {
        if (i < 0) {
            i += n;
        }
        return Math.max(lo, Math.min(hi, i));
    }

    static Object call(Object fn, List<Object> args, Map<String, Object> kwargs) {
        if (fn instanceof Callable c) {
            return c.call(args, kwargs);
        }
        throw new JinjaException(repr(fn) + " is not callable (unknown function or method?)");
    }

    /** A small strftime for {@code strftime_now} (Llama templates print today's date). */
    static String strftime(String fmt, LocalDateTime t) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fmt.length(); i++) {
            char c = fmt.charAt(i);
            if (c != '%' || i + 1 >= fmt.length()) {
                sb.append(c);
                continue;
            }
            char d = fmt.charAt(++i);
            String p = switch (d) {
                case 'Y' -> "yyyy";
                case 'm' -> "MM";
                case 'd' -> "dd";
                case 'B' -> "MMMM";
                case 'b' -> "MMM";
                case 'H' -> "HH";
                case 'M' -> "mm";
                case 'S' -> "ss";
                case 'A' -> "EEEE";
                case 'a' -> "EEE";
                default -> null;
            };
            sb.append(p == null ? "%" + d : t.format(DateTimeFormatter.ofPattern(p, java.util.Locale.ENGLISH)));
        }
        return sb.toString();
    }
}
