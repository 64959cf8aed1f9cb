package io.coterie.service;

import io.coterie.api.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over the documented limit with 413 before anyone buffers them: by the
 * declared length when there is one, otherwise while the body is read.
 */
final class RequestLimitsFilter extends OncePerRequestFilter {

    /** Thrown while reading a body without a declared length that turns out too large. */
    static final class TooLarge extends ApiException {
        TooLarge(long limit) {
            super(ProblemType.PAYLOAD_TOO_LARGE, "the request body is larger than the limit of " + limit + " bytes");
        }
    }

    private final long maxBytes;
    private final ProblemWriter problems;

    RequestLimitsFilter(long maxBytes, ProblemWriter problems) {
        this.maxBytes = maxBytes;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            problems.write(request, response, ProblemType.PAYLOAD_TOO_LARGE,
                    "the request body is " + declared + " bytes; the limit is " + maxBytes);
            return;
        }
        chain.doFilter(declared >= 0 ? request : new Limited(request, maxBytes), response);
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0 && ++read > limit) {
                            throw new TooLarge(limit);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = in.read(buffer, offset, length);
                        if (n > 0 && (read += n) > limit) {
                            throw new TooLarge(limit);
                        }
                        return n;
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
