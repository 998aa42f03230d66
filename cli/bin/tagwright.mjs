#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, in this same process (signals reach it directly).
import { existsSync } from 'node:fs';
import { register } from 'tsx/esm/api';

// Settings from ./.env (see .env.example); variables already in the environment win.
if (existsSync('.env')) process.loadEnvFile('.env');
register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
