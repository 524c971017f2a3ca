import type { IncomingMessage } from 'node:http';

export declare const CLIENT_HEADER: string;
export type Trust = (address: string, index: number) => boolean;
export declare function trustFrom(setting: string | undefined): Trust;
export declare function clientOf(req: IncomingMessage, trust: Trust): string;
