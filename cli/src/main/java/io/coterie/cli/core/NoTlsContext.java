package io.coterie.cli.core;

import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An SSLContext for clients that only ever speak plain http. An HttpClient built without one loads
 * the JSSE provider and the CA certificates up front, about 300 ms of a CLI's start on a small
 * machine; this one costs nothing and fails loudly if TLS is ever attempted.
 */
final class NoTlsContext extends SSLContextSpi {

    static SSLContext create() {
        return new SSLContext(new NoTlsContext(), null, "none") {
        };
    }

    private static UnsupportedOperationException noTls() {
        return new UnsupportedOperationException("this client was built for http:// addresses only");
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) {
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        throw noTls();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        throw noTls();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
        throw noTls();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
        throw noTls();
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
        return null;
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
        return null;
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
        return new SSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
        return new SSLParameters();
    }
}
