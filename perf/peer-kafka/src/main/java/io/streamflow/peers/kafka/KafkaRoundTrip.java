package io.streamflow.peers.kafka;

import io.streamflow.client.EgressListener;
import io.streamflow.client.load.LoadTarget;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.agrona.DirectBuffer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * Kafka under the bench's load generator: each message produced to one partition (acks=all), and its answer is the
 * same record coming back to a consumer of that partition: the produce → consume round trip a Kafka user sees.
 * <p>
 * Not thread safe: the load generator's thread sends and polls (the producer's I/O thread is Kafka's own).
 */
final class KafkaRoundTrip implements LoadTarget, AutoCloseable
{
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private long nextSequence;

    /**
     * @param bootstrapServers of the broker.
     * @param topic            with one partition.
     * @param lingerMs         the producer waits to batch; 0 for latency.
     */
    KafkaRoundTrip(final String bootstrapServers, final String topic, final int lingerMs)
    {
        this.topic = topic;
        final Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(producerProps);

        final Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
        consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumer = new KafkaConsumer<>(consumerProps);
        final TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToEnd(List.of(partition));
        consumer.position(partition);
    }

    /**
     * {@inheritDoc}
     */
    public long nextSequence()
    {
        return nextSequence;
    }

    /**
     * {@inheritDoc}
     */
    public long offer(
        final DirectBuffer key,
        final int keyOffset,
        final int keyLength,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength,
        final long sendTimeNs)
    {
        final byte[] keyBytes = new byte[keyLength];
        key.getBytes(keyOffset, keyBytes);
        final byte[] value = new byte[Long.BYTES + payloadLength];
        ByteBuffer.wrap(value).putLong(nextSequence);
        payload.getBytes(payloadOffset, value, Long.BYTES, payloadLength);
        producer.send(new ProducerRecord<>(topic, 0, keyBytes, value));
        return nextSequence++;
    }

    /**
     * {@inheritDoc}
     */
    public int poll(final EgressListener listener, final int fragmentLimit)
    {
        int answered = 0;
        for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ZERO))
        {
            final long sequence = ByteBuffer.wrap(record.value()).getLong();
            listener.onAck(sequence, record.offset(), record.timestamp(), false);
            answered++;
        }
        return answered;
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        producer.close(Duration.ofSeconds(5));
        consumer.close();
    }
}
