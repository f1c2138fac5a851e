export { runConsumerService } from './run-consumer-service';
export { runHostedServices, type HostedServicesOptions } from './run-hosted-services';
export { captureConsumerServices } from './service-capture';
export {
  startConsumerService,
  type ConsumerServiceOptions,
  type ServiceContext,
  type ServiceHosting,
  type StartedConsumerService,
} from './start-consumer-service';
