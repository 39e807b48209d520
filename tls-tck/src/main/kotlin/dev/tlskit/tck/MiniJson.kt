package dev.tlskit.tck

/**
 * A small, strict JSON reader for the one-line objects the Python peer prints, so the
 * kit needs nothing beyond kotlin-stdlib. Objects become [Map] (insertion-ordered),
 * arrays [List], numbers [Long] or [Double], plus [String], [Boolean] and `null`.
 */
internal object MiniJson {
    fun parse(text: String): Any? {
        val p = Parser(text)
        p.skipWs()
        val value = p.value()
        p.skipWs()
        if (!p.atEnd()) p.fail("trailing characters")
        return value
    }

    @Suppress("UNCHECKED_CAST")
    fun parseObject(text: String): Map<String, Any?> =
        parse(text) as? Map<String, Any?> ?: throw IllegalArgumentException("not a JSON object: $text")

    private class Parser(val s: String) {
        var i = 0

        fun atEnd() = i >= s.length

        fun fail(what: String): Nothing = throw IllegalArgumentException("bad JSON at offset $i ($what): $s")

        fun skipWs() {
            while (i < s.length && s[i] in " \t\r\n") i++
        }

        fun value(): Any? {
            if (atEnd()) fail("unexpected end")
            return when (s[i]) {
                '{' -> obj()
                '[' -> arr()
                '"' -> str()
                't' -> literal("true", true)
                'f' -> literal("false", false)
                'n' -> literal("null", null)
                else -> num()
            }
        }

        fun literal(word: String, v: Any?): Any? {
            if (!s.startsWith(word, i)) fail("expected $word")
            i += word.length
            return v
        }

        fun obj(): Map<String, Any?> {
            val m = LinkedHashMap<String, Any?>()
            i++
            skipWs()
            if (peek() == '}') { i++; return m }
            while (true) {
                skipWs()
                if (peek() != '"') fail("expected key")
                val k = str()
                skipWs()
                expect(':')
                skipWs()
                m[k] = value()
                skipWs()
                when (next()) {
                    ',' -> continue
                    '}' -> return m
                    else -> { i--; fail("expected , or }") }
                }
            }
        }

        fun arr(): List<Any?> {
            val l = ArrayList<Any?>()
            i++
            skipWs()
            if (peek() == ']') { i++; return l }
            while (true) {
                skipWs()
                l.add(value())
                skipWs()
                when (next()) {
                    ',' -> continue
                    ']' -> return l
                    else -> { i--; fail("expected , or ]") }
                }
            }
        }

        fun str(): String {
            expect('"')
            val b = StringBuilder()
            while (true) {
                if (atEnd()) fail("unterminated string")
                val c = s[i++]
                when (c) {
                    '"' -> return b.toString()
                    '\\' -> {
                        if (atEnd()) fail("bad escape")
                        when (val e = s[i++]) {
                            '"', '\\', '/' -> b.append(e)
                            'b' -> b.append('\b')
                            'f' -> b.append('\u000C')
                            'n' -> b.append('\n')
                            'r' -> b.append('\r')
                            't' -> b.append('\t')
                            'u' -> {
                                if (i + 4 > s.length) fail("bad \\u escape")
                                b.append(s.substring(i, i + 4).toIntOrNull(16)?.toChar() ?: fail("bad \\u escape"))
                                i += 4
                            }
                            else -> fail("bad escape \\$e")
                        }
                    }
                    else -> b.append(c)
                }
            }
        }

        fun num(): Any {
            val start = i
            while (i < s.length && (s[i].isDigit() || s[i] in "+-.eE")) i++
            val t = s.substring(start, i)
            if (t.isEmpty()) fail("unexpected character")
            return t.toLongOrNull() ?: t.toDoubleOrNull() ?: fail("bad number $t")
        }

        fun peek(): Char = if (atEnd()) fail("unexpected end") else s[i]

        fun next(): Char = peek().also { i++ }

        fun expect(c: Char) {
            if (next() != c) { i--; fail("expected $c") }
        }
    }
}
