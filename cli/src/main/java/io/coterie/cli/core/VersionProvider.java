package io.coterie.cli.core;

import picocli.CommandLine.IVersionProvider;

/** The version the jar's manifest records (absent when running from classes, as in tests). */
public final class VersionProvider implements IVersionProvider {

    public static String version() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"coterie " + version()};
    }
}
