package dev.roster.scim.filter;

import dev.roster.scim.ScimException;
import dev.roster.scim.path.AttributePath;
import dev.roster.scim.path.PatchPath;

/** Parses PATCH paths with the filter grammar's lexer, so value filters mean the same in both places. */
public final class PathParser {
    private PathParser() {}

    public static PatchPath parsePatchPath(String text) {
        if (text == null || text.isBlank()) throw ScimException.invalidPath("the path is empty");
        try {
            FilterParser parser = new FilterParser(text);
            AttributePath attribute = parser.attributePath();
            if (parser.peek().kind() != Token.Kind.LBRACKET) {
                parser.expectEnd();
                return new PatchPath(attribute, null, null);
            }
            if (attribute.subAttribute() != null) {
                throw ScimException.invalidPath("'" + text + "': a value filter follows an attribute, not a sub-attribute");
            }
            parser.advance();
            Filter valueFilter = parser.parseValueFilterBody();
            parser.expect(Token.Kind.RBRACKET, "']'");
            String sub = null;
            Token after = parser.peek();
            if (after.kind() == Token.Kind.WORD && after.text().startsWith(".")) {
                parser.advance();
                sub = after.text().substring(1);
                AttributePath subPath = AttributePath.parse(sub);
                if (subPath.schemaUrn() != null || subPath.subAttribute() != null) {
                    throw ScimException.invalidPath("'" + text + "': '" + sub + "' is not a sub-attribute name");
                }
            }
            parser.expectEnd();
            return new PatchPath(attribute, valueFilter, sub);
        } catch (ScimException e) {
            if ("invalidPath".equals(e.scimType())) throw e;
            throw ScimException.invalidPath("invalid path: " + e.detail());
        }
    }
}
