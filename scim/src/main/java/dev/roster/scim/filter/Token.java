package dev.roster.scim.filter;

/** A lexical token of the filter and path grammar; {@code position} is the 0-based offset in the input. */
public record Token(Kind kind, String text, Object literal, int position) {
    public enum Kind { WORD, STRING, NUMBER, LPAREN, RPAREN, LBRACKET, RBRACKET, END }

    public boolean isWord(String word) { return kind == Kind.WORD && text.equalsIgnoreCase(word); }

    public String describe() {
        String shown = text.length() <= 100 ? text : text.substring(0, 100) + "…";
        return switch (kind) {
            case END -> "end of input";
            case STRING -> "string " + shown;
            default -> "'" + shown + "'";
        };
    }
}
