export declare const STORE_NODE_FLAGS: readonly string[];
