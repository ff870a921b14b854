package io.yunwei.gateway.problem;

import java.io.IOException;
import java.io.PrintWriter;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * What the web server itself refuses before any filter runs — a path with an encoded slash or NUL, headers too
 * large to read — is answered as an RFC 9457 problem with a {@code code}, like everything else at the front door,
 * instead of Tomcat's HTML page.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String code = status == 400 ? "MALFORMED_REQUEST" : known == null ? "HTTP_" + status : known.name();
        String json = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"The request was refused before it reached Yunwei: its form is not one the web server"
                + " accepts (for example an encoded slash in the path, or headers too large).\",\"code\":\"" + code
                + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(json);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is already gone: nobody is left to read the answer
        }
    }
}
