package io.zikos.core.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON text exactly as Python's {@code json.dumps(x, ensure_ascii=False)} writes it, which is what Hugging Face chat
 * templates' {@code tojson} filter produces: {@code ", "} between items, {@code ": "} after keys, non-ASCII kept,
 * floats in Python's {@code repr} form. Tool schemas rendered this way match the model's training data token for
 * token.
 */
public final class PyJson {

    private PyJson() {
    }

    /** Writes a Jackson tree. */
    public static String dumps(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(node, sb, -1, 0);
        return sb.toString();
    }

    /**
     * Writes a plain Java value: {@code null}, Boolean, Number, CharSequence, List, Map (string keys), or JsonNode.
     *
     * @param indent {@code -1} for one line, otherwise the indent width as in {@code json.dumps(indent=n)}
     */
    public static String dumps(Object value, int indent) {
        StringBuilder sb = new StringBuilder();
        write(value, sb, indent, 0);
        return sb.toString();
    }

    private static void newline(StringBuilder sb, int indent, int level) {
        sb.append('\n');
        for (int i = 0; i < indent * level; i++) {
            sb.append(' ');
        }
    }

    private static void write(Object v, StringBuilder sb, int indent, int level) {
        if (v instanceof JsonNode n) {
            writeNode(n, sb, indent, level);
        } else if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (v instanceof Double || v instanceof Float) {
            sb.append(floatRepr(((Number) v).doubleValue()));
        } else if (v instanceof Number num) {
            sb.append(num.toString());
        } else if (v instanceof CharSequence s) {
            quote(s.toString(), sb);
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(indent >= 0 ? "," : ", ");
                }
                first = false;
                if (indent >= 0) {
                    newline(sb, indent, level + 1);
                }
                quote(String.valueOf(e.getKey()), sb);
                sb.append(": ");
                write(e.getValue(), sb, indent, level + 1);
            }
            if (indent >= 0) {
                newline(sb, indent, level);
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            boolean first = true;
            for (Object o : l) {
                if (!first) {
                    sb.append(indent >= 0 ? "," : ", ");
                }
                first = false;
                if (indent >= 0) {
                    newline(sb, indent, level + 1);
                }
                write(o, sb, indent, level + 1);
            }
            if (indent >= 0) {
                newline(sb, indent, level);
            }
            sb.append(']');
        } else {
            quote(v.toString(), sb);
        }
    }

    private static void writeNode(JsonNode n, StringBuilder sb, int indent, int level) {
        if (n.isObject()) {
            Map<String, JsonNode> m = new java.util.LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), e.getValue());
            }
            write(m, sb, indent, level);
        } else if (n.isArray()) {
            List<JsonNode> l = new java.util.ArrayList<>();
            n.forEach(l::add);
            write(l, sb, indent, level);
        } else if (n.isTextual()) {
            quote(n.textValue(), sb);
        } else if (n.isBoolean()) {
            sb.append(n.booleanValue() ? "true" : "false");
        } else if (n.isIntegralNumber()) {
            sb.append(n.bigIntegerValue().toString());
        } else if (n.isNumber()) {
            sb.append(floatRepr(n.doubleValue()));
        } else {
            sb.append("null");
        }
    }

    /** Python's {@code repr(float)}: shortest round-trip digits, exponent form outside [1e-4, 1e16). */
    public static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        // BigDecimal of Double.toString gives the shortest repr digits (Java 19+ exactly; close enough before).
        java.math.BigDecimal bd = new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale(); // decimal exponent of the first digit
        String sign = d < 0 ? "-" : "";
        if (exp >= -4 && exp < 16) {
            if (exp >= digits.length() - 1) {
                StringBuilder s = new StringBuilder(digits);
                for (int i = digits.length() - 1; i < exp; i++) {
                    s.append('0');
                }
                return sign + s + ".0";
            }
            if (exp >= 0) {
                return sign + digits.substring(0, exp + 1) + "." + digits.substring(exp + 1);
            }
            return sign + "0." + "0".repeat(-exp - 1) + digits;
        }
        String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    /** A JSON string literal with Python's escapes (ensure_ascii=False). */
    public static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
