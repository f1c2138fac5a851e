export { runConsumerService, type ConsumerServiceOptions, type ServiceContext } from './run-consumer-service';
