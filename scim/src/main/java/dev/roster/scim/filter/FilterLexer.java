package dev.roster.scim.filter;

import dev.roster.scim.ScimException;
import dev.roster.scim.UnicodeText;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Splits a filter or PATCH path into tokens. Strings follow JSON's escapes; numbers JSON's grammar.
 * Words carry attribute paths, keywords and operators alike: the parser gives them their meaning.
 */
final class FilterLexer {
    private final String input;
    private int pos;

    FilterLexer(String input) { this.input = input; }

    static List<Token> tokenize(String input) {
        FilterLexer lexer = new FilterLexer(input);
        List<Token> tokens = new ArrayList<>();
        Token t;
        do {
            t = lexer.next();
            tokens.add(t);
        } while (t.kind() != Token.Kind.END);
        return tokens;
    }

    private Token next() {
        while (pos < input.length() && Character.isWhitespace(input.charAt(pos))) pos++;
        if (pos >= input.length()) return new Token(Token.Kind.END, "", null, pos);
        int start = pos;
        char c = input.charAt(pos);
        switch (c) {
            case '(': pos++; return new Token(Token.Kind.LPAREN, "(", null, start);
            case ')': pos++; return new Token(Token.Kind.RPAREN, ")", null, start);
            case '[': pos++; return new Token(Token.Kind.LBRACKET, "[", null, start);
            case ']': pos++; return new Token(Token.Kind.RBRACKET, "]", null, start);
            case '"': return string();
            default:
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            Token number = number();
            if (number != null) return number;
            // Not a number but a word that starts like one, such as an unquoted id (54D382A4-2050-…): the parser
            // refuses it where a value goes, saying that strings go in double quotes.
            pos = start;
        }
        if (isWordChar(c)) {
            while (pos < input.length() && isWordChar(input.charAt(pos))) pos++;
            return new Token(Token.Kind.WORD, input.substring(start, pos), null, start);
        }
        throw error(start, "unexpected character '" + c + "'");
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '$' || c == ':' || c == '.';
    }

    /** A number in JSON's grammar, or null when the characters from here are not one. */
    private Token number() {
        int start = pos;
        if (input.charAt(pos) == '-') pos++;
        if (skipDigits() == 0) return null;
        if (pos < input.length() && input.charAt(pos) == '.') {
            pos++;
            if (skipDigits() == 0) return null;
        }
        if (pos < input.length() && (input.charAt(pos) == 'e' || input.charAt(pos) == 'E')) {
            pos++;
            if (pos < input.length() && (input.charAt(pos) == '+' || input.charAt(pos) == '-')) pos++;
            if (skipDigits() == 0) return null;
        }
        if (pos < input.length() && isWordChar(input.charAt(pos)) && input.charAt(pos) != '.') return null;
        String text = input.substring(start, pos);
        return new Token(Token.Kind.NUMBER, text, new BigDecimal(text), start);
    }

    private int skipDigits() {
        int n = 0;
        while (pos < input.length() && input.charAt(pos) >= '0' && input.charAt(pos) <= '9') { pos++; n++; }
        return n;
    }

    private Token string() {
        int start = pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < input.length()) {
            char c = input.charAt(pos++);
            if (c == '"') {
                String value = sb.toString();
                int bad = UnicodeText.firstUnstorable(value);
                if (bad >= 0) throw error(start, "a string that contains " + UnicodeText.describe(value, bad));
                return new Token(Token.Kind.STRING, input.substring(start, pos), value, start);
            }
            if (c != '\\') { sb.append(c); continue; }
            if (pos >= input.length()) break;
            char e = input.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 4 > input.length()) throw error(pos - 2, "incomplete \\u escape");
                    // Four ASCII hex digits, as in JSON (parseInt would also take a sign).
                    int code = 0;
                    for (int i = pos; i < pos + 4; i++) {
                        if (!HexFormat.isHexDigit(input.charAt(i))) throw error(pos - 2, "invalid \\u escape");
                        code = code * 16 + HexFormat.fromHexDigit(input.charAt(i));
                    }
                    sb.append((char) code);
                    pos += 4;
                }
                default -> throw error(pos - 2, "invalid escape '\\" + e + "'");
            }
        }
        throw error(start, "unterminated string");
    }

    private ScimException error(int at, String what) {
        return ScimException.invalidFilter(what + " at position " + at + " of the filter");
    }
}
