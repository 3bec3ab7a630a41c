// Chooses and loads the CPU catalog for the server and the CLI: the bundled
// data by default, or the cpu_map of the libvirt installed on this machine (or
// one a machine-scoped setting names), falling back to the bundled data with
// a reason when that fails. Wiring layer: the only catalog code that reads files.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog, loadDescriptions } from '../catalog/catalog';
import type { CatalogData, Descriptions } from '../catalog/types';
import type * as CpuMapDir from './cpuMapDir';
import type { CatalogInfo } from '../protocol';

/** Reading a cpu_map (fast-xml-parser, crypto) is loaded only when a host catalog is asked for: the CLI's default run never needs it. */
const cpuMapDir = (): typeof CpuMapDir => require('./cpuMapDir') as typeof CpuMapDir;

export interface LoadedCatalog {
  catalog: Catalog;
  info: CatalogInfo;
}

/** The `data/` directory shipped next to the bundles (dist/*.js → ../data). */
export function defaultDataDir(): string {
  return join(__dirname, '..', 'data');
}

/** Reads the hand-written descriptions (every JSON file in data/descriptions). */
export function readDescriptions(dataDir: string): Descriptions {
  const dir = join(dataDir, 'descriptions');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Partial<Descriptions>);
  return loadDescriptions(files);
}

function readBundledData(dataDir: string): CatalogData {
  return JSON.parse(readFileSync(join(dataDir, 'catalog.json'), 'utf8')) as CatalogData;
}

export function loadBundledCatalog(dataDir = defaultDataDir()): LoadedCatalog {
  const t0 = performance.now();
  const catalog = new Catalog(readBundledData(dataDir), readDescriptions(dataDir));
  return { catalog, info: infoOf(catalog, 'bundled', performance.now() - t0) };
}

export interface CatalogChoice {
  /** Try the host's libvirt (auto-detected, or `cpuMapPath`); when false the bundled data is used and `cpuMapPath` ignored. */
  useHost: boolean;
  /** Explicit cpu_map directory or cpu_map.xml file; empty = auto-detect. */
  cpuMapPath?: string;
  dataDir?: string;
}

/**
 * Loads the catalog the settings ask for; never throws (falls back to the
 * bundled data with a reason). Every file is read once and one Catalog built.
 */
export function chooseCatalog(choice: CatalogChoice): LoadedCatalog {
  const dataDir = choice.dataDir ?? defaultDataDir();
  const path = choice.useHost ? choice.cpuMapPath || cpuMapDir().findHostCpuMap() : undefined;
  if (!path) return loadBundledCatalog(dataDir);
  const t0 = performance.now();
  const bundled = readBundledData(dataDir);
  const descriptions = readDescriptions(dataDir);
  let data: CatalogData;
  try {
    const { cpuMapFingerprint, detectLibvirtVersion, loadCpuMapDir } = cpuMapDir();
    const fingerprint = cpuMapFingerprint(path);
    data =
      fingerprint === bundled.source.fingerprint
        ? // Same files as the bundled data: reuse it, labelled with where it was found.
          { ...bundled, source: { libvirtVersion: detectLibvirtVersion(path), origin: path, fingerprint } }
        : withFingerprint(loadCpuMapDir(path).data, fingerprint);
  } catch (e) {
    const catalog = new Catalog(bundled, descriptions);
    const info = infoOf(catalog, 'bundled', performance.now() - t0);
    info.fallbackReason = `could not load ${path}: ${e instanceof Error ? e.message : String(e)}`;
    return { catalog, info };
  }
  const catalog = new Catalog(data, descriptions);
  return { catalog, info: infoOf(catalog, 'host', performance.now() - t0) };
}

function withFingerprint(data: CatalogData, fingerprint: string): CatalogData {
  data.source.fingerprint = fingerprint;
  return data;
}

function infoOf(catalog: Catalog, kind: CatalogInfo['kind'], ms: number): CatalogInfo {
  return {
    kind,
    libvirtVersion: catalog.libvirtVersion,
    origin: catalog.data.source.origin,
    models: catalog.models('x86').length,
    features: catalog.features('x86').length,
    loadMs: Math.round(ms * 10) / 10,
  };
}
