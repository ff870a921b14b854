package io.yunwei.gateway.limits;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request whose body the gateway has already received in full: it reads from memory and declares its exact length,
 * so a service is sent a {@code Content-Length} body at network speed whatever framing and pace the client used.
 */
final class BufferedRequest extends HttpServletRequestWrapper {

    private final List<byte[]> chunks;
    private final long length;
    private Map<String, String[]> parameters;

    BufferedRequest(HttpServletRequest request, List<byte[]> chunks, long length) {
        super(request);
        this.chunks = chunks;
        this.length = length;
    }

    @Override
    public ServletInputStream getInputStream() {
        return new ChunksInputStream();
    }

    @Override
    public BufferedReader getReader() {
        return new BufferedReader(new InputStreamReader(getInputStream(), charset()));
    }

    @Override
    public int getContentLength() {
        return (int) length;
    }

    @Override
    public long getContentLengthLong() {
        return length;
    }

    @Override
    public String getHeader(String name) {
        if (HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
            return Long.toString(length);
        }
        return HttpHeaders.TRANSFER_ENCODING.equalsIgnoreCase(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        String single = getHeader(name);
        if (HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name) || HttpHeaders.TRANSFER_ENCODING.equalsIgnoreCase(name)) {
            return single == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(single));
        }
        return super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = new ArrayList<>();
        for (String name : Collections.list(super.getHeaderNames())) {
            if (!HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name) && !HttpHeaders.TRANSFER_ENCODING.equalsIgnoreCase(name)) {
                names.add(name);
            }
        }
        names.add(HttpHeaders.CONTENT_LENGTH);
        return Collections.enumeration(names);
    }

    @Override
    public int getIntHeader(String name) {
        return HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name) ? (int) length : super.getIntHeader(name);
    }

    // the web server no longer has the body to parse a form from, so a form's fields are read from the copy here
    @Override
    public String getParameter(String name) {
        String[] values = parameters().get(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return Collections.unmodifiableMap(parameters());
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(parameters().keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
        return parameters().get(name);
    }

    private Map<String, String[]> parameters() {
        if (parameters == null) {
            // the query's parameters: the web server leaves the body alone once it has been read as a stream
            Map<String, String[]> merged = new LinkedHashMap<>(super.getParameterMap());
            String type = getContentType();
            if (type != null && type.toLowerCase(Locale.ROOT).startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE)) {
                Charset charset = charset();
                for (String pair : new String(bytes(), charset).split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), charset);
                    String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), charset);
                    merged.merge(name, new String[] { value }, (a, b) -> {
                        String[] both = java.util.Arrays.copyOf(a, a.length + b.length);
                        System.arraycopy(b, 0, both, a.length, b.length);
                        return both;
                    });
                }
            }
            parameters = merged;
        }
        return parameters;
    }

    private byte[] bytes() {
        byte[] all = new byte[(int) length];
        int at = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, all, at, chunk.length);
            at += chunk.length;
        }
        return all;
    }

    private Charset charset() {
        String encoding = getCharacterEncoding();
        try {
            return encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        } catch (IllegalArgumentException unknown) {
            return StandardCharsets.UTF_8;
        }
    }

    /** Reads the chunks in order, each of them full. */
    private final class ChunksInputStream extends ServletInputStream {

        private int chunk;
        private int offset;
        private long position;

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int at, int wanted) {
            while (chunk < chunks.size() && offset == chunks.get(chunk).length) {
                chunk++;
                offset = 0;
            }
            if (chunk == chunks.size()) {
                return -1;
            }
            byte[] current = chunks.get(chunk);
            int n = Math.min(wanted, current.length - offset);
            System.arraycopy(current, offset, buffer, at, n);
            offset += n;
            position += n;
            return n;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, length - position);
        }

        @Override
        public boolean isFinished() {
            return position >= length;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new IllegalStateException("The gateway reads request bodies in blocking mode");
        }
    }
}
