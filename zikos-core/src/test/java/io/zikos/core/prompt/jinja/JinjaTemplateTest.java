package io.zikos.core.prompt.jinja;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Engine behaviour checked against what Python's jinja2 (with transformers' settings) prints. */
class JinjaTemplateTest {

    private static String render(String template, Map<String, ?> vars) {
        return JinjaTemplate.compile(template).render(vars);
    }

    @Test
    void slicesIndicesAndStringMethodsFollowPython() {
        Map<String, Object> vars = Map.of("xs", List.of(1, 2, 3, 4), "s", "\n\n<think>a</think>\n\nb\n");
        assertEquals("[4, 3, 2, 1]|4|[2, 3]|[1, 3]", render("{{ xs[::-1] }}|{{ xs[-1] }}|{{ xs[1:3] }}|{{ xs[::2] }}",
                vars));
        assertEquals("b\n|a", render("{{ s.split('</think>')[-1].lstrip('\\n') }}|"
                + "{{ s.split('</think>')[0].rstrip('\\n').split('<think>')[-1] }}", vars));
        assertEquals("True False True", render("{{ s.startswith('\\n') }} {{ s.endswith('x') }}"
                + " {{ 'think' in s }}", vars));
        assertEquals("['a', 'b', 'c']", render("{{ ' a  b c '.split() }}", vars));
    }

    @Test
    void namespaceLoopAndScoping() {
        String t = "{% set ns = namespace(n=0, last=none) %}{% set outer = 'o' %}"
                + "{% for x in xs %}{% set outer = 'inner' %}{% set ns.n = ns.n + x %}"
                + "{% if loop.last %}{% set ns.last = loop.index0 %}{% endif %}"
                + "{{ loop.index }}/{{ loop.length }}{{ ',' if not loop.last }}{% endfor %}"
                + " n={{ ns.n }} last={{ ns.last }} outer={{ outer }}";
        assertEquals("1/3,2/3,3/3 n=6 last=2 outer=o", render(t, Map.of("xs", List.of(1, 2, 3))));
    }

    @Test
    void whitespaceControlMatchesTrimAndLstripBlocks() {
        String t = "<a>\n  {% if true %}\n    x\n  {% endif %}\n<b>\n{{- ' y ' -}}\n  <c>";
        // trim_blocks eats the newline after a block tag; lstrip_blocks the indentation before it.
        assertEquals("<a>\n    x\n<b> y <c>", render(t, Map.of()));
    }

    @Test
    void tojsonUsesPythonSeparatorsAndKeepsUnicode() {
        Map<String, Object> v = new java.util.LinkedHashMap<>();
        v.put("a", 1);
        v.put("b", List.of(0.5, "é\"\n", true));
        v.put("c", null);
        assertEquals("{\"a\": 1, \"b\": [0.5, \"é\\\"\\n\", true], \"c\": null}",
                render("{{ v | tojson }}", Map.of("v", v)));
        assertEquals("{\n  \"a\": 1\n}", render("{{ {'a': 1} | tojson(indent=2) }}", Map.of()));
    }

    @Test
    void testsFiltersAndConditionals() {
        Map<String, Object> vars = Map.of("m", Map.of("role", "user", "content", "hi"), "xs", List.of("a", "b"));
        assertEquals("yes|no|2|a-b|x", render("{{ 'yes' if m.content is string else 'no' }}|"
                + "{{ 'yes' if m.reasoning is defined else 'no' }}|{{ xs | length }}|{{ xs | join('-') }}|"
                + "{{ missing | default('x') }}", vars));
        assertEquals("user", render("{% for k, v in m.items() if k == 'role' %}{{ v }}{% endfor %}", vars));
        assertEquals("b", render("{% for x in xs %}{% if x == 'a' %}{% continue %}{% endif %}{{ x }}"
                + "{% endfor %}", vars));
    }

    @Test
    void macrosRender() {
        assertEquals("<x=1><x=2>", render("{% macro tag(x, y='=') %}<x{{ y }}{{ x }}>{% endmacro %}"
                + "{{ tag(1) }}{{ tag(x=2) }}", Map.of()));
    }

    @Test
    void raiseExceptionIsReportedAsTheTemplatesOwnError() {
        JinjaException e = assertThrows(JinjaException.class,
                () -> render("{{ raise_exception('System role not supported') }}", Map.of()));
        assertTrue(e.raisedByTemplate());
        assertEquals("System role not supported", e.getMessage());
    }

    @Test
    void syntaxErrorsAreClear() {
        JinjaException e = assertThrows(JinjaException.class, () -> JinjaTemplate.compile("{% if x %}open"));
        assertTrue(e.getMessage().contains("endif"), e.getMessage());
        assertThrows(JinjaException.class, () -> JinjaTemplate.compile("{% include 'x' %}"));
    }
}
