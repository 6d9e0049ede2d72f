package dev.roster.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.scim.ScimError;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * SCIM error bodies for the requests Jetty refuses before any route sees them: a URI or headers too
 * long, a character HTTP does not allow, an ambiguous encoded path. IdPs parse every error body as JSON,
 * so Jetty's HTML page would surface as a parse error instead of the reason.
 */
final class JettyErrors extends ErrorHandler {
    private static final HttpField CONTENT_TYPE = new HttpField(HttpHeader.CONTENT_TYPE, ScimHttp.SCIM_JSON);
    private final ObjectMapper mapper;

    JettyErrors(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(CONTENT_TYPE);
        response.write(true, body(code, message), callback);
    }

    /** Errors found while parsing the request line and headers, answered without a request object. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(CONTENT_TYPE);
        return body(status, reason);
    }

    private ByteBuffer body(int status, String reason) {
        boolean generic = reason == null || reason.isBlank() || reason.equals(HttpStatus.getMessage(status));
        String why = !generic ? reason : switch (status) {
            case HttpStatus.BAD_REQUEST_400 -> "its URI or a header is not valid HTTP";
            case HttpStatus.URI_TOO_LONG_414 -> "its URI is longer than the 8 KB this server reads";
            case HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431 -> "its headers are larger than the 8 KB this server reads";
            default -> HttpStatus.getMessage(status);
        };
        String detail = "the request could not be read: " + why;
        try {
            return ByteBuffer.wrap(mapper.writeValueAsBytes(ScimError.of(status, null, detail)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // an ObjectNode of strings always serialises
        }
    }
}
