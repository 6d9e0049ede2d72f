package dev.roster.scim.path;

import dev.roster.scim.filter.Filter;
import dev.roster.scim.filter.PathParser;

/**
 * A PATCH target (RFC 7644 §3.5.2): {@code attrPath} or {@code valuePath [subAttr]}, e.g.
 * {@code members[value eq "2819c223"]} or {@code emails[type eq "work"].value}.
 *
 * @param attribute   the attribute, possibly with a sub-attribute when there is no value filter
 * @param valueFilter the filter selecting values of a multi-valued attribute, or null
 * @param subAttribute the sub-attribute after a value filter, or null
 */
public record PatchPath(AttributePath attribute, Filter valueFilter, String subAttribute) {

    public static PatchPath parse(String text) { return PathParser.parsePatchPath(text); }

    @Override
    public String toString() {
        if (valueFilter == null) return attribute.toString();
        return attribute + "[" + valueFilter + "]" + (subAttribute == null ? "" : "." + subAttribute);
    }
}
