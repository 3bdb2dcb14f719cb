DROP TABLE shipper_rotations;
DROP TABLE shippers;
