// Types of the parts of scripts/lib.mjs that TypeScript code (tests) imports.
export declare const root: string;
export declare function simulatorDefaults(simulatorUrl: string, environment?: Record<string, string | undefined>): Record<string, string>;
export declare function vercelBuildMigrates(environment?: Record<string, string | undefined>): boolean;
