/** Application RPC for workloads and in-process callers; the contract is docs/rpc.md. */
package io.coterie.rpc;
