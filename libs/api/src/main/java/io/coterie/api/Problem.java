package io.coterie.api;

/**
 * An RFC 9457 problem document as it travels on the wire ({@code application/problem+json}).
 * Extension members that some problems carry (for example {@code revision}) are optional.
 */
public record Problem(String type, String title, int status, String detail, String instance, Long revision) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public ProblemType problemType() {
        return ProblemType.fromUri(type);
    }
}
