package io.coterie.cgroups;

/**
 * The kernel refused a cgroup operation (a write, mkdir or rmdir). The message names the file and the
 * value, because "Invalid argument" alone does not say which of a dozen writes failed.
 */
public class CgroupException extends RuntimeException {

    public CgroupException(String message) {
        super(message);
    }

    public CgroupException(String message, Throwable cause) {
        super(message, cause);
    }
}
