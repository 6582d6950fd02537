export { HostCluster, HostClusterProps, IHostCluster, HostClusterKind, EndpointType } from './host-cluster';
export { ClusterGroup, ClusterGroupProps, ClusterGroupHost, IClusterGroup } from './cluster-group';
export { VirtualCluster, VirtualClusterProps, VirtualClusterOptions, KubeconfigSecretRef } from './virtual-cluster';
export { ResourceSize } from './resource-size';
export { VirtualClusterValues } from './charts/vcluster-values';
export { ChartCatalog } from './charts/versions';
export { CHARTS, UPGRADE_GATES, UpgradeGate } from './charts/catalog';
export { LOCK_FILE_CONTEXT, LOCK_MODE_CONTEXT } from './private/platform';
export { PlatformSummary } from './summary';
